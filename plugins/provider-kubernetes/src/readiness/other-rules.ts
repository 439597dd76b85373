/**
 * Readiness of Jobs, Pods, Services, claims, CRDs and custom resources (kstatus rules). Pure
 * functions of the object; `isFailed` marks states that will not recover on their own.
 */
import type { ReadinessStatus } from '@kusion/sdk';
import { arrayAt, isJsonObject, numberAt, objectAt, stringAt } from '../manifest/json-object.js';
import { conditionOf, explain } from './conditions.js';

const ready = (message: string): ReadinessStatus => ({ isReady: true, message });
const waiting = (message: string): ReadinessStatus => ({ isReady: false, message });
const failed = (message: string): ReadinessStatus => ({ isReady: false, isFailed: true, message });

export function jobReadiness(object: unknown): ReadinessStatus {
  const failure = conditionOf(object, 'Failed');
  if (failure?.status === 'True') return failed(`job failed: ${explain(failure)}`);
  if (conditionOf(object, 'Complete')?.status === 'True') return ready('job complete');
  const completions = numberAt(object, 'spec', 'completions') ?? 1;
  const succeeded = numberAt(object, 'status', 'succeeded') ?? 0;
  const active = numberAt(object, 'status', 'active') ?? 0;
  return waiting(`${succeeded}/${completions} completions, ${active} active`);
}

/** Container states a Pod does not leave without a change to its spec. */
const TERMINAL_WAITING = new Set([
  'CrashLoopBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'ErrImageNeverPull',
]);

export function podReadiness(object: unknown): ReadinessStatus {
  const phase = stringAt(object, 'status', 'phase');
  if (phase === 'Succeeded') return ready('pod succeeded');
  if (phase === 'Failed') {
    const reason =
      stringAt(object, 'status', 'reason') ??
      stringAt(object, 'status', 'message') ??
      'a container failed';
    return failed(`pod failed: ${reason}`);
  }
  const waitingReason = containerWaitingReason(object);
  if (waitingReason && TERMINAL_WAITING.has(waitingReason.reason))
    return failed(`pod ${waitingReason.text}`);
  if (conditionOf(object, 'Ready')?.status === 'True') return ready('pod ready');
  const scheduled = conditionOf(object, 'PodScheduled');
  if (scheduled?.status === 'False') return waiting(`pod not scheduled: ${explain(scheduled)}`);
  if (waitingReason) return waiting(`pod ${waitingReason.text}`);
  return waiting(`pod ${phase ? phase.toLowerCase() : 'pending'}`);
}

/** The first container waiting for something, e.g. `container web: ImagePullBackOff`. */
export function containerWaitingReason(
  pod: unknown,
): { readonly reason: string; readonly text: string } | undefined {
  for (const list of ['initContainerStatuses', 'containerStatuses'] as const) {
    for (const status of arrayAt(pod, 'status', list)) {
      const reason = stringAt(status, 'state', 'waiting', 'reason');
      if (reason && reason !== 'PodInitializing' && reason !== 'ContainerCreating') {
        return { reason, text: `container ${stringAt(status, 'name') ?? '?'}: ${reason}` };
      }
    }
  }
  return undefined;
}

export function serviceReadiness(object: unknown): ReadinessStatus {
  if (stringAt(object, 'spec', 'type') !== 'LoadBalancer') return ready('service ready');
  const ingress = arrayAt(object, 'status', 'loadBalancer', 'ingress').filter(isJsonObject);
  const address = ingress
    .map((entry) => entry['ip'] ?? entry['hostname'])
    .find((value) => typeof value === 'string');
  return typeof address === 'string'
    ? ready(`load balancer at ${address}`)
    : waiting('waiting for load balancer address');
}

export function claimReadiness(object: unknown): ReadinessStatus {
  const phase = stringAt(object, 'status', 'phase');
  if (phase === 'Bound') return ready('claim bound');
  if (phase === 'Lost') return failed('claim lost: its volume is gone');
  return waiting(`waiting for the claim to be bound (${phase ?? 'Pending'})`);
}

export function crdReadiness(object: unknown): ReadinessStatus {
  const names = conditionOf(object, 'NamesAccepted');
  if (names?.status === 'False') return failed(`names not accepted: ${explain(names)}`);
  const established = conditionOf(object, 'Established');
  if (established?.status === 'True') return ready('established');
  return waiting('waiting for the CustomResourceDefinition to be established');
}

/**
 * Custom resources: ready when they have no status, or when the controller observed the latest
 * generation and the `Ready` (else `Available`) condition, if any, is True. `Stalled` is failure.
 */
export function customResourceReadiness(object: unknown): ReadinessStatus {
  const status = objectAt(object, 'status');
  if (!status || Object.keys(status).length === 0) return ready('ready');
  const stalled = conditionOf(object, 'Stalled');
  if (stalled?.status === 'True') return failed(`stalled: ${explain(stalled)}`);
  const generation = numberAt(object, 'metadata', 'generation');
  const observed = numberAt(object, 'status', 'observedGeneration');
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return waiting('waiting for the controller to observe the new spec');
  }
  const condition = conditionOf(object, 'Ready') ?? conditionOf(object, 'Available');
  if (condition && condition.status !== 'True')
    return waiting(`${condition.type}: ${explain(condition)}`);
  const reconciling = conditionOf(object, 'Reconciling');
  if (reconciling?.status === 'True') return waiting(`reconciling: ${explain(reconciling)}`);
  return ready(condition ? condition.type : 'ready');
}

/**
 * Readiness of the controllers that run Pods, as kstatus computes it: the controller has seen the
 * latest spec (observedGeneration), every replica runs the new template, and enough are
 * available. Pure functions of the object; the message says what is still awaited.
 */
import type { ReadinessStatus } from '@kusion/sdk';
import { numberAt, objectAt, stringAt } from '../manifest/json-object.js';
import { conditionOf, explain } from './conditions.js';

const ready = (message: string): ReadinessStatus => ({ isReady: true, message });
const waiting = (message: string): ReadinessStatus => ({ isReady: false, message });

/** Undefined when the controller has caught up with the latest spec. */
function generationLag(object: unknown): ReadinessStatus | undefined {
  const generation = numberAt(object, 'metadata', 'generation');
  const observed = numberAt(object, 'status', 'observedGeneration');
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return waiting('waiting for the controller to observe the new spec');
  }
  return undefined;
}

export function deploymentReadiness(object: unknown): ReadinessStatus {
  const progressing = conditionOf(object, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { isReady: false, isFailed: true, message: `rollout failed: ${explain(progressing)}` };
  }
  const lag = generationLag(object);
  if (lag) return lag;
  const wanted = numberAt(object, 'spec', 'replicas') ?? 1;
  const updated = numberAt(object, 'status', 'updatedReplicas') ?? 0;
  const total = numberAt(object, 'status', 'replicas') ?? 0;
  const available = numberAt(object, 'status', 'availableReplicas') ?? 0;
  if (objectAt(object, 'spec')?.['paused'] === true) return ready('paused: not rolling out');
  if (updated < wanted) return waiting(`${updated}/${wanted} replicas updated`);
  if (total > updated)
    return waiting(
      `${total - updated} old replica${total - updated > 1 ? 's' : ''} pending termination`,
    );
  if (available < wanted) return waiting(`${available}/${wanted} replicas available`);
  return ready(`${available}/${wanted} replicas available`);
}

export function statefulSetReadiness(object: unknown): ReadinessStatus {
  const lag = generationLag(object);
  if (lag) return lag;
  const wanted = numberAt(object, 'spec', 'replicas') ?? 1;
  const readyReplicas = numberAt(object, 'status', 'readyReplicas') ?? 0;
  if (stringAt(object, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return readyReplicas < wanted
      ? waiting(`${readyReplicas}/${wanted} replicas ready`)
      : ready(`${wanted}/${wanted} replicas ready`);
  }
  const partition = numberAt(object, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
  const updated = numberAt(object, 'status', 'updatedReplicas') ?? 0;
  if (updated < wanted - partition)
    return waiting(`${updated}/${wanted - partition} replicas updated`);
  if (readyReplicas < wanted) return waiting(`${readyReplicas}/${wanted} replicas ready`);
  const current = stringAt(object, 'status', 'currentRevision');
  const update = stringAt(object, 'status', 'updateRevision');
  if (partition === 0 && current !== undefined && update !== undefined && current !== update) {
    return waiting('rolling update in progress');
  }
  return ready(`${readyReplicas}/${wanted} replicas ready`);
}

export function daemonSetReadiness(object: unknown): ReadinessStatus {
  const lag = generationLag(object);
  if (lag) return lag;
  const desired = numberAt(object, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = numberAt(object, 'status', 'updatedNumberScheduled') ?? 0;
  const available = numberAt(object, 'status', 'numberAvailable') ?? 0;
  if (updated < desired) return waiting(`${updated}/${desired} pods updated`);
  if (available < desired) return waiting(`${available}/${desired} pods available`);
  return ready(`${available}/${desired} pods available`);
}

export function replicaSetReadiness(object: unknown): ReadinessStatus {
  const lag = generationLag(object);
  if (lag) return lag;
  const failure = conditionOf(object, 'ReplicaFailure');
  const wanted = numberAt(object, 'spec', 'replicas') ?? 1;
  const available = numberAt(object, 'status', 'availableReplicas') ?? 0;
  if (available < wanted) {
    const why = failure?.status === 'True' ? ` (${explain(failure)})` : '';
    return waiting(`${available}/${wanted} replicas available${why}`);
  }
  return ready(`${available}/${wanted} replicas available`);
}

/**
 * `watch`: readiness observations from the watch API, one watch per object, starting from the
 * object apply returned (no extra read). A status is yielded whenever what we wait for changes;
 * the generator ends at ready, at a terminal failure, or quietly when the signal aborts (the
 * engine then reports the last status as the timeout's reason).
 */
import type { ReadinessStatus, WatchRequest } from '@kusion/sdk';
import { toProviderError } from '../client/provider-errors.js';
import { isAborted } from '../client/transport.js';
import { stringAt } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { refOf } from '../manifest/object-ref.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import type { RunContext } from '../run-context.js';
import { bindsOnFirstConsumer } from './claim-binding.js';
import { claimReadiness, serviceReadiness } from './other-rules.js';
import { readinessRuleFor } from './readiness-rules.js';
import { trackRollout } from './rollout-progress.js';
import type { RolloutProgress } from './rollout-progress.js';
import { createWakeUp } from './wake-up.js';
import type { WakeUp } from './wake-up.js';

/** What the background watch has seen so far. */
interface Observed {
  latest: JsonObject | undefined;
  isDeleted: boolean;
  error: unknown;
  rollout: RolloutProgress | undefined;
}

export async function* watchReadiness(
  run: RunContext,
  request: WatchRequest,
): AsyncGenerator<ReadinessStatus, void, undefined> {
  const { resource } = request;
  const manifest = resource.attributes as JsonObject;
  const ref = refOf(manifest);
  const rule = ref && readinessRuleFor(ref.apiVersion, ref.kind);
  // Nothing to wait for, or nothing a request could add (a Service that is not a load balancer).
  if (!ref || !rule || (rule === serviceReadiness && serviceReadiness(manifest).isReady)) {
    yield { isReady: true, message: 'ready' };
    return;
  }
  const signal = AbortSignal.any([request.signal, run.closing]);
  const known = run.justApplied.get(resource.id);
  run.justApplied.delete(resource.id);
  const observed: Observed = {
    latest:
      known && stringAt(known, 'metadata', 'uid') === stringAt(manifest, 'metadata', 'uid')
        ? known
        : undefined,
    isDeleted: false,
    error: undefined,
    rollout: undefined,
  };
  // Checked before the first status: "Pending" would be the wrong thing to show for such a claim.
  const isClaimPending =
    rule === claimReadiness && !(observed.latest && rule(observed.latest).isReady);
  if (
    isClaimPending &&
    (await bindsOnFirstConsumer(run.objects, manifest, signal).catch(() => false))
  ) {
    yield { isReady: true, message: 'bound when its first consumer starts (WaitForFirstConsumer)' };
    return;
  }
  let lastMessage: string | undefined;
  if (observed.latest) {
    const status = rule(observed.latest);
    yield status;
    if (status.isReady || status.isFailed) return;
    lastMessage = status.message;
  }

  const wake = createWakeUp();
  const stop = new AbortController();
  const following = follow(run, ref, observed, wake, AbortSignal.any([signal, stop.signal]));
  try {
    for (;;) {
      await wake.wait(signal);
      if (isAborted(signal)) return;
      if (observed.error !== undefined)
        throw toProviderError(observed.error, { resourceId: resource.id });
      if (observed.isDeleted) {
        yield {
          isReady: false,
          isFailed: true,
          message: 'the object was deleted while waiting for it',
        };
        return;
      }
      if (!observed.latest) continue;
      const status = rule(observed.latest);
      const detail = status.isReady ? undefined : observed.rollout?.describe();
      const message = detail ? `${status.message} · ${detail}` : status.message;
      if (message !== lastMessage || status.isReady || status.isFailed) {
        lastMessage = message;
        yield { ...status, message };
      }
      if (status.isReady || status.isFailed) return;
    }
  } finally {
    stop.abort();
    await following;
  }
}

/** Watches the object (and a Deployment's ReplicaSets and Pods), waking the reporter on change. */
async function follow(
  run: RunContext,
  ref: ObjectRef,
  observed: Observed,
  wake: WakeUp,
  signal: AbortSignal,
): Promise<void> {
  const startRollout = (deployment: JsonObject): void => {
    if (ref.kind === 'Deployment' && !observed.rollout) {
      observed.rollout = trackRollout(run.objects, deployment, signal, () => {
        wake.wake();
      });
    }
  };
  try {
    if (observed.latest) startRollout(observed.latest);
    const mapping = await run.objects.mappingOf(ref.apiVersion, ref.kind, signal);
    const events = run.objects.watch(mapping, ref.namespace, {
      fieldSelector: `metadata.name=${ref.name}`,
      resourceVersion: observed.latest
        ? stringAt(observed.latest, 'metadata', 'resourceVersion')
        : undefined,
      signal,
    });
    for await (const event of events) {
      if (event.type === 'DELETED') observed.isDeleted = true;
      else {
        observed.latest = event.object;
        startRollout(event.object);
      }
      wake.wake();
    }
  } catch (error) {
    if (!isAborted(signal)) observed.error = error;
  }
  wake.wake();
  await observed.rollout?.done;
}

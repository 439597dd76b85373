/**
 * What a Deployment's rollout is doing underneath: its ReplicaSets and their Pods, watched by the
 * Deployment's selector, summed up in a few words ("ReplicaSet web-7c5 1/3 ready; pod web-7c5-x:
 * container web: ImagePullBackOff"). Best effort: without permission to watch Pods, the
 * Deployment's own status still tells readiness.
 */
import type { KubeObjects } from '../client/kube-objects.js';
import { arrayAt, isJsonObject, numberAt, objectAt, stringAt } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { labelSelectorString } from './label-selector.js';
import { containerWaitingReason, podReadiness } from './other-rules.js';

export interface RolloutProgress {
  /** A short summary, or undefined before anything was seen. */
  describe(): string | undefined;
  /** Settles once both watches ended (after `signal` aborts). */
  readonly done: Promise<void>;
}

const REVISION = 'deployment.kubernetes.io/revision';

export function trackRollout(
  objects: KubeObjects,
  deployment: JsonObject,
  signal: AbortSignal,
  onChange: () => void,
): RolloutProgress {
  const uid = stringAt(deployment, 'metadata', 'uid');
  const namespace = stringAt(deployment, 'metadata', 'namespace');
  const selector = labelSelectorString(objectAt(deployment, 'spec', 'selector'));
  const replicaSets = new Map<string, JsonObject>();
  const pods = new Map<string, JsonObject>();
  const done =
    uid !== undefined && selector !== undefined
      ? Promise.all([
          follow(
            objects,
            'apps/v1',
            'ReplicaSet',
            namespace,
            selector,
            signal,
            replicaSets,
            onChange,
          ),
          follow(objects, 'v1', 'Pod', namespace, selector, signal, pods, onChange),
        ]).then(() => undefined)
      : Promise.resolve();

  return {
    done,
    describe() {
      const owned = [...replicaSets.values()].filter((rs) => isOwnedBy(rs, uid));
      if (!owned.length) return undefined;
      const newest = owned.reduce((a, b) => (revisionOf(b) > revisionOf(a) ? b : a));
      const newName = stringAt(newest, 'metadata', 'name') ?? '?';
      const wanted = numberAt(newest, 'spec', 'replicas') ?? 0;
      const readyCount = numberAt(newest, 'status', 'readyReplicas') ?? 0;
      const parts = [`ReplicaSet ${newName} ${readyCount}/${wanted} ready`];
      const oldPods = owned
        .filter((rs) => rs !== newest)
        .reduce((sum, rs) => sum + (numberAt(rs, 'status', 'replicas') ?? 0), 0);
      if (oldPods) parts.push(`${oldPods} old pod${oldPods > 1 ? 's' : ''}`);
      const newUid = stringAt(newest, 'metadata', 'uid');
      const troubled = [...pods.values()]
        .filter((pod) => isOwnedBy(pod, newUid) && !podReadiness(pod).isReady)
        .map((pod) => `pod ${stringAt(pod, 'metadata', 'name') ?? '?'}: ${podProblem(pod)}`);
      parts.push(...troubled.slice(0, 2));
      if (troubled.length > 2) parts.push(`${troubled.length - 2} more pods not ready`);
      return parts.join('; ');
    },
  };
}

async function follow(
  objects: KubeObjects,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  labelSelector: string,
  signal: AbortSignal,
  into: Map<string, JsonObject>,
  onChange: () => void,
): Promise<void> {
  try {
    const mapping = await objects.mappingOf(apiVersion, kind, signal);
    for await (const event of objects.watch(mapping, namespace, { labelSelector, signal })) {
      const name = stringAt(event.object, 'metadata', 'name');
      if (name === undefined) continue;
      if (event.type === 'DELETED') into.delete(name);
      else into.set(name, event.object);
      onChange();
    }
  } catch {
    // Progress detail only: readiness comes from the Deployment itself.
  }
}

function isOwnedBy(object: JsonObject, uid: string | undefined): boolean {
  return arrayAt(object, 'metadata', 'ownerReferences').some(
    (owner) => isJsonObject(owner) && owner['uid'] === uid,
  );
}

function revisionOf(replicaSet: JsonObject): number {
  return Number(stringAt(replicaSet, 'metadata', 'annotations', REVISION) ?? 0);
}

function podProblem(pod: JsonObject): string {
  const waiting = containerWaitingReason(pod);
  if (waiting) return waiting.text;
  const message = podReadiness(pod).message;
  return message.startsWith('pod ') ? message.slice(4) : message;
}

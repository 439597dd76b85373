/**
 * A scope's lock as a `coordination.k8s.io/v1` Lease, read and written the same way by the lock
 * store and the fence. `spec.holderIdentity` says who holds it (the lock id), with
 * `leaseDurationSeconds`, `acquireTime` and `renewTime` as any Kubernetes tool reads a Lease; the
 * annotation `kusion.io/lock` holds our `LockInfo` (owner, host, pid, generation), or a released
 * marker with the last generation once the lock is free. The Lease is never deleted, so generations
 * never repeat. A Lease whose holderIdentity someone cleared by hand is free; one naming an
 * identity Kusion did not write is held by that unknown holder until taken over.
 */
import {
  corruptLockInfo,
  lockScopeSegments,
  parseLockRecord,
  serializeLock,
  serializeReleasedLock,
} from '@kusion/backend-kit';
import type { LockInfo, LockScope } from '@kusion/sdk';
import { isRecord } from './client/api-error.js';
import type { KubeObject } from './client/namespace-objects.js';
import { ANNOTATION, lockName, recordLabels } from './layout.js';

export interface LeaseState {
  /** Who holds the lock, if anyone. */
  readonly holder: LockInfo | undefined;
  /** The highest generation this Lease has handed out. */
  readonly generation: number;
}

function specOf(lease: KubeObject): Record<string, unknown> {
  return isRecord(lease['spec']) ? lease['spec'] : {};
}

export function leaseState(lease: KubeObject, where: string): LeaseState {
  const annotations = lease.metadata.annotations ?? {};
  const text = annotations[ANNOTATION.lock];
  const record = text === undefined ? undefined : parseLockRecord(text);
  const annotated = Number(annotations[ANNOTATION.generation]);
  const generation = Math.max(
    Number.isSafeInteger(annotated) ? annotated : 0,
    record?.kind === 'held' ? record.holder.generation : (record?.generation ?? 0),
  );
  const spec = specOf(lease);
  const identity = typeof spec['holderIdentity'] === 'string' ? spec['holderIdentity'] : '';
  if (identity === '') return { holder: undefined, generation };
  if (record?.kind === 'held' && record.holder.id === identity) {
    return { holder: record.holder, generation };
  }
  if (text !== undefined && record === undefined) {
    const modified =
      typeof spec['renewTime'] === 'string' ? new Date(spec['renewTime']) : undefined;
    return { holder: corruptLockInfo(where, modified), generation };
  }
  return { holder: foreignHolder(identity, spec, generation), generation };
}

/** A holder Kusion did not write (another tool, or an edit by hand), as the Lease describes it. */
function foreignHolder(
  identity: string,
  spec: Record<string, unknown>,
  generation: number,
): LockInfo {
  const time = (field: string): number => {
    const value = spec[field];
    return typeof value === 'string' ? Date.parse(value) || 0 : 0;
  };
  const duration =
    typeof spec['leaseDurationSeconds'] === 'number' ? spec['leaseDurationSeconds'] : 0;
  return {
    id: identity,
    generation,
    user: 'unknown',
    host: 'unknown',
    pid: 0,
    command: `Lease holderIdentity "${identity}" (not written by kusion)`,
    acquiredAt: new Date(time('acquireTime')).toISOString(),
    expiresAt: new Date(time('renewTime') + duration * 1000).toISOString(),
  };
}

/** `2024-01-01T00:00:00.000000Z`: the MicroTime the API server parses. */
function microTime(iso: string): string {
  return iso.replace(/(\.\d{3})Z$/, '$1000Z');
}

/**
 * The Lease held by `info` (a new one when `base` is undefined), on top of `base`: its
 * resourceVersion makes the write conditional. `isTransition` counts a change of holder.
 */
export function heldLease(
  scope: LockScope,
  info: LockInfo,
  ttlMs: number,
  base: KubeObject | undefined,
  isTransition: boolean,
): KubeObject {
  const spec = base ? specOf(base) : {};
  const transitions = typeof spec['leaseTransitions'] === 'number' ? spec['leaseTransitions'] : 0;
  return {
    ...leaseFrame(scope, base, serializeLock(info), info.generation),
    spec: {
      holderIdentity: info.id,
      leaseDurationSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
      acquireTime: microTime(info.acquiredAt),
      renewTime: microTime(new Date().toISOString()),
      leaseTransitions: isTransition && base ? transitions + 1 : transitions,
    },
  };
}

/** `base` released: no holder, the last generation kept for the next one. */
export function releasedLease(scope: LockScope, base: KubeObject, generation: number): KubeObject {
  const spec = specOf(base);
  return {
    ...leaseFrame(scope, base, serializeReleasedLock(generation), generation),
    spec: {
      ...(typeof spec['leaseTransitions'] === 'number'
        ? { leaseTransitions: spec['leaseTransitions'] }
        : {}),
    },
  };
}

function leaseFrame(
  scope: LockScope,
  base: KubeObject | undefined,
  lockText: string,
  generation: number,
): KubeObject {
  const [project, workspace] = lockScopeSegments(scope);
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: lockName(scope),
      ...(base?.metadata.resourceVersion === undefined
        ? {}
        : { resourceVersion: base.metadata.resourceVersion }),
      labels: recordLabels('lock', { project, workspace }),
      annotations: {
        [ANNOTATION.project]: project,
        [ANNOTATION.workspace]: workspace,
        [ANNOTATION.generation]: String(generation),
        [ANNOTATION.lock]: lockText,
      },
    },
  };
}

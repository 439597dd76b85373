/**
 * Locks as Leases, one per project and workspace (see lease-record.ts). Every change is a
 * read-modify-write conditional on the resourceVersion read (a `PUT` that the API server refuses
 * with 409 when the Lease changed meanwhile), and the first lock of a scope is a `POST` that fails
 * over an existing name: of racing takers exactly one wins, and a takeover replaces exactly the
 * holder judged stale. Judging whether a holder is stale (expired, dead process) is the caller's
 * job. Generations never repeat: releasing keeps the Lease with the last generation.
 */
import {
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  renewedLockInfo,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import { lockName } from './layout.js';
import { heldLease, leaseState, releasedLease } from './lease-record.js';
import type { LeaseState } from './lease-record.js';

/** How many times an operation looks again when the Lease changes under it. */
const ATTEMPTS = 8;

export interface LeaseReader {
  /** The scope's Lease and what it says, or `undefined` when it was never created. */
  read(scope: LockScope): Promise<{ lease: KubeObject; state: LeaseState } | undefined>;
}

export function createLeaseReader(objects: NamespaceObjects): LeaseReader {
  return {
    async read(scope) {
      const name = lockName(scope);
      const lease = await objects.get('leases', name);
      return lease && { lease, state: leaseState(lease, objects.describe('leases', name)) };
    },
  };
}

function churnError(objects: NamespaceObjects, scope: LockScope): KusionError {
  return new KusionError(
    'BACKEND_FAILED',
    `the lock ${objects.describe('leases', lockName(scope))} kept changing while this run tried to change it`,
    { hint: 'Other processes are taking and releasing this lock in a tight loop; retry later.' },
  );
}

export function createKubernetesLockStore(objects: NamespaceObjects): LockStore {
  const leases = createLeaseReader(objects);

  function heldLock(
    scope: LockScope,
    acquired: LockInfo,
    lease: KubeObject,
    ttlMs: number,
  ): HeldLock {
    let info = acquired;
    let own = lease;
    // A renew in flight and a release must not interleave: one call at a time.
    let queue: Promise<unknown> = Promise.resolve();
    const serially = <T>(task: () => Promise<T>): Promise<T> => {
      const result = queue.then(task, task);
      queue = result.catch(() => undefined);
      return result;
    };
    const isOurs = (state: LeaseState): boolean =>
      state.holder?.id === info.id && state.generation === info.generation;
    return {
      get info() {
        return info;
      },
      renew: () =>
        serially(async () => {
          for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
            const renewed = renewedLockInfo(info, ttlMs);
            const written = await objects.replace(
              'leases',
              heldLease(scope, renewed, ttlMs, own, false),
            );
            if (typeof written === 'object') {
              own = written;
              info = renewed;
              return;
            }
            // Changed or gone: still ours (someone edited a label), or lost.
            const current = await leases.read(scope);
            if (!current || !isOurs(current.state))
              throw lostLockError(scope, current?.state.holder);
            own = current.lease;
          }
          throw churnError(objects, scope);
        }),
      // Idempotent and silent when the lock is someone else's now: release runs in `finally`
      // blocks, where throwing would hide the error that got us there.
      release: () =>
        serially(async () => {
          let base: KubeObject | undefined = own;
          for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
            const written = await objects.replace(
              'leases',
              releasedLease(scope, base, info.generation),
            );
            if (written !== 'conflict') return;
            const current = await leases.read(scope);
            if (!current || !isOurs(current.state)) return;
            base = current.lease;
          }
          throw churnError(objects, scope);
        }),
    };
  }

  return {
    async tryAcquire(request: LockRequest) {
      const { scope, replaceHolderId } = request;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const current = await leases.read(scope);
        if (current === undefined) {
          // Never locked: the first lock creates the Lease, and a create fails over an existing one.
          const info = newLockInfo(request, nextLockGeneration(0));
          const created = await objects.create(
            'leases',
            heldLease(scope, info, request.ttlMs, undefined, false),
          );
          if (created !== 'exists') return { lock: heldLock(scope, info, created, request.ttlMs) };
          continue;
        }
        const { holder, generation } = current.state;
        if (holder !== undefined && holder.id !== replaceHolderId) return { holder };
        const info = newLockInfo(request, nextLockGeneration(generation, holder?.generation));
        const written = await objects.replace(
          'leases',
          heldLease(scope, info, request.ttlMs, current.lease, true),
        );
        if (written === 'conflict') continue; // someone took, renewed or released it meanwhile
        if (written === 'missing') continue; // deleted by hand: start over
        return { lock: heldLock(scope, info, written, request.ttlMs) };
      }
      throw churnError(objects, scope);
    },

    async inspect(scope) {
      return (await leases.read(scope))?.state.holder;
    },

    async forceRelease(scope) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const current = await leases.read(scope);
        const holder = current?.state.holder;
        if (!current || !holder) return undefined;
        // The holder we name, not one that took the lock since: a new holder changed the version.
        const written = await objects.replace(
          'leases',
          releasedLease(scope, current.lease, current.state.generation),
        );
        if (written === 'conflict') continue;
        return holder;
      }
      throw churnError(objects, scope);
    },
  };
}

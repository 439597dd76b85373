/**
 * Locks as one object per project and workspace, changed only with conditional writes: taken with
 * `If-None-Match: *` (never locked before) or `If-Match` on the released marker or on the holder
 * being taken over, renewed and released with `If-Match` on the ETag the holder wrote (so only the
 * holder can). Releasing leaves a marker with the last generation, so the next holder's generation
 * is written in the same conditional write that takes the lock: none is ever handed out twice.
 * Judging whether a holder is alive or expired is the caller's job.
 */
import {
  corruptLockInfo,
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  parseLockRecord,
  renewedLockInfo,
  serializeLock,
  serializeReleasedLock,
} from '@kusion/backend-kit';
import type { ObjectLayout, ObjectStore } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';

/** How many times taking a lock looks again when it changes under us (released, renewed). */
const ACQUIRE_ATTEMPTS = 5;

/** The lock object as last read: its holder (none once released), the last generation, its ETag. */
export interface StoredLock {
  readonly holder: LockInfo | undefined;
  readonly generation: number;
  readonly etag: string;
}

function churnError(what: string): KusionError {
  return new KusionError('BACKEND_FAILED', `the lock ${what} keeps changing`, {
    hint: 'Other processes are taking and releasing this lock in a tight loop; retry later.',
  });
}

/** Reads the lock object of a scope; a damaged one reads as an expired holder nobody knows. */
export async function readLockObject(
  store: ObjectStore,
  key: string,
): Promise<StoredLock | undefined> {
  const object = await store.get(key);
  if (object === undefined) return undefined;
  const record = parseLockRecord(object.body);
  if (record?.kind === 'released') {
    return { holder: undefined, generation: record.generation, etag: object.etag };
  }
  const holder = record?.holder ?? corruptLockInfo(store.describe(key), object.lastModified);
  return { holder, generation: holder.generation, etag: object.etag };
}

export function createS3LockStore(store: ObjectStore, layout: ObjectLayout): LockStore {
  function heldLock(scope: LockScope, acquired: LockInfo, etag: string, ttlMs: number): HeldLock {
    const key = layout.lockKey(scope);
    let info = acquired;
    let ownEtag = etag;
    // A renew still in flight would change the ETag a release must match: one call at a time.
    let queue: Promise<unknown> = Promise.resolve();
    const serially = <T>(task: () => Promise<T>): Promise<T> => {
      const result = queue.then(task, task);
      queue = result.catch(() => undefined);
      return result;
    };
    return {
      get info() {
        return info;
      },

      renew: () =>
        serially(async () => {
          const renewed = renewedLockInfo(info, ttlMs);
          const outcome = await store.put(key, serializeLock(renewed), { ifMatch: ownEtag });
          if ('conflict' in outcome) {
            throw lostLockError(scope, (await readLockObject(store, key))?.holder);
          }
          info = renewed;
          ownEtag = outcome.etag;
        }),

      // Idempotent and silent when someone else holds it now: release runs in `finally` blocks,
      // where throwing would hide the error that got us there.
      release: () =>
        serially(async () => {
          await store.put(key, serializeReleasedLock(info.generation), { ifMatch: ownEtag });
        }),
    };
  }

  return {
    async tryAcquire(request: LockRequest) {
      const { scope, ttlMs, replaceHolderId } = request;
      const key = layout.lockKey(scope);
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await readLockObject(store, key);
        // Held by someone we did not name: they hold it. (Gone already when we meant to replace
        // someone: they released it; take it like a free lock.)
        if (current?.holder !== undefined && current.holder.id !== replaceHolderId) {
          return { holder: current.holder };
        }
        const info = newLockInfo(request, nextLockGeneration(current?.generation));
        const outcome = await store.put(
          key,
          serializeLock(info),
          current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
        );
        if (!('conflict' in outcome)) return { lock: heldLock(scope, info, outcome.etag, ttlMs) };
        // Taken, renewed or released meanwhile: look again.
      }
      throw churnError(store.describe(key));
    },

    async inspect(scope) {
      return (await readLockObject(store, layout.lockKey(scope)))?.holder;
    },

    async forceRelease(scope) {
      const key = layout.lockKey(scope);
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await readLockObject(store, key);
        if (current?.holder === undefined) return undefined;
        const outcome = await store.put(key, serializeReleasedLock(current.generation), {
          ifMatch: current.etag,
        });
        if (!('conflict' in outcome)) return current.holder;
        // Renewed meanwhile: look again and remove that one.
      }
      throw churnError(store.describe(key));
    },
  };
}

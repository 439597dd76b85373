/**
 * Locks as one object per project and workspace, changed only with conditional writes: taken
 * with `If-None-Match: *`, renewed and released with `If-Match` on the ETag the holder wrote (so
 * only the holder can), taken over from a stale holder with `If-Match` on the ETag of the holder
 * the caller judged stale. Judging whether a holder is alive or expired is the caller's job.
 */
import {
  corruptLockInfo,
  lostLockError,
  newLockInfo,
  parseLock,
  renewedLockInfo,
  serializeLock,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import type { S3Layout } from './layout.js';
import type { ObjectStore } from './object-store.js';

/** How many times taking a lock looks again when it changes under us (released, renewed). */
const ACQUIRE_ATTEMPTS = 5;

interface StoredLock {
  readonly info: LockInfo;
  readonly etag: string;
}

function churnError(what: string): KusionError {
  return new KusionError('BACKEND_FAILED', `the lock ${what} keeps changing`, {
    hint: 'Other processes are taking and releasing this lock in a tight loop; retry later.',
  });
}

export function createS3LockStore(store: ObjectStore, layout: S3Layout): LockStore {
  async function readLock(key: string): Promise<StoredLock | undefined> {
    const object = await store.get(key);
    if (object === undefined) return undefined;
    const info =
      parseLock(object.body) ?? corruptLockInfo(store.describe(key), object.lastModified);
    return { info, etag: object.etag };
  }

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
          if ('conflict' in outcome) throw lostLockError(scope, (await readLock(key))?.info);
          info = renewed;
          ownEtag = outcome.etag;
        }),

      // Idempotent and silent when someone else holds it now: release runs in `finally` blocks,
      // where throwing would hide the error that got us there.
      release: () =>
        serially(async () => {
          await store.delete(key, ownEtag);
        }),
    };
  }

  return {
    async tryAcquire(request: LockRequest) {
      const { scope, ttlMs, replaceHolderId } = request;
      const key = layout.lockKey(scope);
      const info = newLockInfo(request);
      const body = serializeLock(info);
      let isFree = replaceHolderId === undefined;
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        if (isFree) {
          const outcome = await store.put(key, body, { ifNoneMatch: '*' });
          if (!('conflict' in outcome)) return { lock: heldLock(scope, info, outcome.etag, ttlMs) };
        }
        const current = await readLock(key);
        // Released between our attempt and our read (or already gone before a takeover): take it free.
        if (current === undefined) {
          isFree = true;
          continue;
        }
        if (replaceHolderId === undefined || current.info.id !== replaceHolderId) {
          return { holder: current.info };
        }
        const outcome = await store.put(key, body, { ifMatch: current.etag });
        if (!('conflict' in outcome)) return { lock: heldLock(scope, info, outcome.etag, ttlMs) };
        // Renewed (so not stale after all) or taken by a racing takeover: let the caller judge.
        const now = await readLock(key);
        if (now !== undefined) return { holder: now.info };
        isFree = true;
      }
      throw churnError(store.describe(key));
    },

    async inspect(scope) {
      return (await readLock(layout.lockKey(scope)))?.info;
    },

    async forceRelease(scope) {
      const key = layout.lockKey(scope);
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await readLock(key);
        if (current === undefined) return undefined;
        const outcome = await store.delete(key, current.etag);
        if (outcome === 'deleted') return current.info;
        // Renewed meanwhile: look again and remove that one.
      }
      throw churnError(store.describe(key));
    },
  };
}

/**
 * Locks as blob leases: one blob per project and workspace (`locks/<project>/<workspace>.json`).
 * Taking the lock is acquiring an infinite lease on it (the lease id is the lock's id), then
 * writing the holder's `LockInfo` into it — as JSON, and as metadata (owner, pid, expiry,
 * generation) that the portal and `az storage blob show` list. Only the lease holder can renew
 * (rewrite the expiry); a lease broken by a takeover or `kusion release unlock` makes the holder's
 * next renew, and its next state write (see fence.ts), fail with `LOCKED`.
 *
 * Generations never repeat. The blob is never deleted: releasing the lock frees the lease and
 * leaves a released marker holding the last generation, and the next holder writes generation + 1
 * with `If-Match` on the version that held it, the same condition its lease was taken on. Of two
 * lessees that read the same version (one broke the other's lease before it wrote), only one
 * write matches. Judging whether a holder is stale (expired, dead process) is the caller's job: a
 * stale lock is taken over by breaking its lease, conditional on the ETag of the holder judged.
 */
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import {
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  renewedLockInfo,
  serializeLock,
  serializeReleasedLock,
} from '@kusion/backend-kit';
import type { ObjectLayout } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import { createLockBlobs, GENERATION_METADATA, isConditionFailure } from './lock-blob.js';
import type { LockBlob, LockBlobs } from './lock-blob.js';

/** How many times taking a lock looks again when it changes under us. */
const ACQUIRE_ATTEMPTS = 5;
const INFINITE_LEASE = -1;

function holderMetadata(info: LockInfo): Record<string, string> {
  return {
    kusionlockid: info.id,
    owner: encodeURIComponent(`${info.user}@${info.host}`),
    pid: String(info.pid),
    expiresat: info.expiresAt,
    [GENERATION_METADATA]: String(info.generation),
  };
}

/**
 * Leaves a released marker with the last generation on a blob nobody leases, if it is still the
 * version `ifMatch`. Best effort: when it fails someone leased the blob meanwhile (their write
 * carries a higher generation), or the body still holds the last holder, whose generation counts
 * just the same.
 */
async function markReleased(blob: BlockBlobClient, generation: number, ifMatch: string) {
  const body = serializeReleasedLock(generation);
  await blob
    .upload(body, Buffer.byteLength(body), {
      conditions: { ifMatch },
      blobHTTPHeaders: { blobContentType: 'application/json' },
      metadata: { [GENERATION_METADATA]: String(generation) },
    })
    .catch(() => undefined);
}

function churnError(blobs: LockBlobs, blob: BlockBlobClient): KusionError {
  return new KusionError('BACKEND_FAILED', `the lock ${blobs.where(blob)} keeps changing`, {
    hint: 'Other processes are taking and releasing this lock in a tight loop; retry later.',
  });
}

export function createBlobLockStore(
  container: ContainerClient,
  prefix: string,
  layout: ObjectLayout,
): LockStore {
  const blobs = createLockBlobs(container, prefix, layout);

  /**
   * Writes the holder under its lease, and only over the blob version `ifMatch` (the one it
   * leased, or last wrote): a lease broken and taken meanwhile, or a deleted blob, fails it.
   * Answers the new ETag.
   */
  async function write(blob: BlockBlobClient, info: LockInfo, ifMatch: string): Promise<string> {
    const body = serializeLock(info);
    const response = await blob.upload(body, Buffer.byteLength(body), {
      conditions: { leaseId: info.id, ifMatch },
      blobHTTPHeaders: { blobContentType: 'application/json' },
      metadata: holderMetadata(info),
    });
    return response.etag ?? '';
  }

  function heldLock(
    blob: BlockBlobClient,
    scope: LockScope,
    acquired: LockInfo,
    etag: string,
    ttlMs: number,
  ): HeldLock {
    let info = acquired;
    let ownEtag = etag;
    // A renew in flight and a release must not interleave: one call at a time.
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
          try {
            ownEtag = await write(blob, renewed, ownEtag);
          } catch (error) {
            if (!isConditionFailure(error)) throw blobs.fail(error, 'renew the lock', blob);
            const now = await blobs
              .read(blob)
              .then((seen) => seen && blobs.settled(blob, seen))
              .catch(() => undefined);
            throw lostLockError(scope, now && blobs.holderOf(blob, now));
          }
          info = renewed;
        }),
      // Idempotent and silent when the lease is someone else's now: release runs in `finally`
      // blocks, where throwing would hide the error that got us there.
      release: () =>
        serially(async () => {
          try {
            await blob.getBlobLeaseClient(info.id).releaseLease();
          } catch {
            return; // not ours any more: the marker is for whoever broke it to leave
          }
          // Lease first, then the marker: a process killed in between leaves a free lock whose
          // body still holds this holder's generation, never a lease nobody will release.
          await markReleased(blob, info.generation, ownEtag);
        }),
    };
  }

  /**
   * Takes the lease of a blob judged free (`base`: its version and last generation) and writes
   * the new holder into it; `undefined` when the blob changed meanwhile.
   */
  async function take(
    blob: BlockBlobClient,
    request: LockRequest,
    base: LockBlob,
  ): Promise<HeldLock | undefined> {
    const info = newLockInfo(request, nextLockGeneration(base.generation));
    const lease = blob.getBlobLeaseClient(info.id);
    try {
      await lease.acquireLease(INFINITE_LEASE, { conditions: { ifMatch: base.etag } });
    } catch (error) {
      if (isConditionFailure(error)) return undefined; // taken or changed meanwhile
      throw blobs.fail(error, 'lease the lock', blob);
    }
    try {
      // Over the version judged free or stale: a racing takeover that broke this lease before we
      // wrote, and wrote itself (the same generation), makes this fail.
      const etag = await write(blob, info, base.etag);
      return heldLock(blob, request.scope, info, etag, request.ttlMs);
    } catch (error) {
      await lease.releaseLease().catch(() => undefined);
      if (isConditionFailure(error)) return undefined;
      throw blobs.fail(error, 'write the lock', blob);
    }
  }

  return {
    async tryAcquire(request: LockRequest) {
      const { replaceHolderId } = request;
      const blob = blobs.blobOf(request.scope);
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await blobs.read(blob);
        if (current === undefined) {
          // Never locked: create an empty blob to lease (generation 0), then look again.
          await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((error: unknown) => {
            if (!isConditionFailure(error)) throw blobs.fail(error, 'create the lock', blob);
          });
          continue;
        }
        let base = current;
        if (current.isLeased) {
          base = await blobs.settled(blob, current);
          const holder = blobs.holderOf(blob, base);
          if (holder === undefined) continue; // released meanwhile
          if (replaceHolderId === undefined || holder.id !== replaceHolderId) return { holder };
          try {
            // Only the holder the caller judged stale: a renewal since changed the ETag.
            await blob.getBlobLeaseClient().breakLease(0, { conditions: { ifMatch: base.etag } });
          } catch (error) {
            if (isConditionFailure(error)) continue;
            throw blobs.fail(error, 'take over the lock', blob);
          }
        }
        const lock = await take(blob, request, base);
        if (lock) return { lock };
      }
      throw churnError(blobs, blob);
    },

    async inspect(scope) {
      const blob = blobs.blobOf(scope);
      const current = await blobs.read(blob);
      if (!current?.isLeased) return undefined;
      return blobs.holderOf(blob, await blobs.settled(blob, current));
    },

    async forceRelease(scope) {
      const blob = blobs.blobOf(scope);
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await blobs.read(blob);
        if (!current?.isLeased) return undefined;
        const settled = await blobs.settled(blob, current);
        const holder = blobs.holderOf(blob, settled);
        if (holder === undefined) return undefined;
        try {
          // The holder we name, not one that took the lock since: a new holder changed the ETag.
          await blob.getBlobLeaseClient().breakLease(0, { conditions: { ifMatch: settled.etag } });
        } catch (error) {
          if (isConditionFailure(error)) continue;
          throw blobs.fail(error, 'break the lock', blob);
        }
        await markReleased(blob, settled.generation, settled.etag);
        return holder;
      }
      throw churnError(blobs, blob);
    },
  };
}

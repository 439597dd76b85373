/**
 * Locks as blob leases: one blob per project and workspace (`locks/<project>/<workspace>.json`).
 * Taking the lock is acquiring an infinite lease on it (the lease id is the lock's id), then
 * writing the holder's `LockInfo` into it — as JSON, and as metadata (owner, pid, expiry) that the
 * portal and `az storage blob show` list. Only the lease holder can renew (rewrite the expiry) or
 * release (delete the blob); a lease broken by a takeover makes the holder's next renew fail.
 * Judging whether a holder is stale (expired, dead process) is the caller's job: a stale lock is
 * taken over by breaking its lease, conditional on the ETag of the holder the caller judged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import {
  corruptLockInfo,
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  parseLock,
  renewedLockInfo,
  serializeLock,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import { statusOf, storageCode, toBackendError } from './blob-errors.js';
import type { BlobLayout } from './layout.js';

/** How many times taking a lock looks again when it changes under us. */
const ACQUIRE_ATTEMPTS = 5;
/** How long a reader waits for a new holder to write itself into a blob it just leased. */
const HOLDER_WRITE_WAIT_MS = 2_000;
const INFINITE_LEASE = -1;

interface LockBlob {
  readonly info: LockInfo | undefined;
  readonly isLeased: boolean;
  readonly etag: string;
  readonly lastModified: Date | undefined;
}

export function createBlobLockStore(
  container: ContainerClient,
  prefix: string,
  layout: BlobLayout,
): LockStore {
  const blobOf = (scope: LockScope): BlockBlobClient =>
    container.getBlockBlobClient(prefix + layout.lockKey(scope));
  const where = (blob: BlockBlobClient): string => blob.url.split('?')[0] ?? '';
  const fail = (error: unknown, action: string, blob: BlockBlobClient): KusionError =>
    toBackendError(error, { action, target: where(blob) });

  async function read(blob: BlockBlobClient): Promise<LockBlob | undefined> {
    try {
      const response = await blob.download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? [])
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      return {
        info: text === '' ? undefined : parseLock(text),
        isLeased: response.leaseState === 'leased',
        etag: response.etag ?? '',
        lastModified: response.lastModified,
      };
    } catch (error) {
      if (statusOf(error) === 404 && storageCode(error) !== 'ContainerNotFound') return undefined;
      throw fail(error, 'read the lock', blob);
    }
  }

  /** The holder of a leased blob; one that leased it a moment ago gets time to write itself in. */
  async function holderOf(blob: BlockBlobClient, seen: LockBlob): Promise<LockBlob> {
    let current: LockBlob | undefined = seen;
    for (const deadline = Date.now() + HOLDER_WRITE_WAIT_MS; current?.isLeased && !current.info;) {
      if (Date.now() >= deadline) {
        return { ...current, info: corruptLockInfo(where(blob), current.lastModified) };
      }
      await sleep(100);
      current = await read(blob);
    }
    return current ?? seen;
  }

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
      metadata: {
        kusionlockid: info.id,
        owner: encodeURIComponent(`${info.user}@${info.host}`),
        pid: String(info.pid),
        expiresat: info.expiresAt,
      },
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
            const status = statusOf(error);
            if (status !== 412 && status !== 409 && status !== 404)
              throw fail(error, 'renew the lock', blob);
            const now = await read(blob).catch(() => undefined);
            throw lostLockError(scope, now?.isLeased ? now.info : undefined);
          }
          info = renewed;
        }),
      // Idempotent and silent when the lease is someone else's now: release runs in `finally`
      // blocks, where throwing would hide the error that got us there.
      release: () =>
        serially(async () => {
          await blob.delete({ conditions: { leaseId: info.id } }).catch(() => undefined);
        }),
    };
  }

  return {
    async tryAcquire(request: LockRequest) {
      const { scope, ttlMs, replaceHolderId } = request;
      const blob = blobOf(scope);
      // Generations are not kept across a released lock yet: fencing here rests on the lock id.
      const info = newLockInfo(request, nextLockGeneration());
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        const current = await read(blob);
        if (current === undefined) {
          // A free lock has no blob: create an empty one to lease, then look again.
          await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((error: unknown) => {
            const status = statusOf(error);
            if (status !== 409 && status !== 412) throw fail(error, 'create the lock', blob);
          });
          continue;
        }
        if (current.isLeased) {
          const holder = await holderOf(blob, current);
          if (replaceHolderId === undefined || holder.info?.id !== replaceHolderId)
            return { holder: holder.info ?? corruptLockInfo(where(blob), holder.lastModified) };
          try {
            // Only the holder the caller judged stale: a renewal since changed the ETag.
            await blob.getBlobLeaseClient().breakLease(0, { conditions: { ifMatch: holder.etag } });
          } catch (error) {
            if (statusOf(error) === 412 || statusOf(error) === 404) continue;
            throw fail(error, 'take over the lock', blob);
          }
        }
        const lease = blob.getBlobLeaseClient(info.id);
        try {
          await lease.acquireLease(INFINITE_LEASE, { conditions: { ifMatch: current.etag } });
        } catch (error) {
          const status = statusOf(error);
          if (status === 409 || status === 412 || status === 404) continue; // taken meanwhile
          throw fail(error, 'lease the lock', blob);
        }
        try {
          // Over the version judged free or stale: a racing takeover that broke this lease
          // before we wrote, and wrote itself, makes this fail.
          const etag = await write(blob, info, current.etag);
          return { lock: heldLock(blob, scope, info, etag, ttlMs) };
        } catch (error) {
          await lease.releaseLease().catch(() => undefined);
          const status = statusOf(error);
          if (status === 412 || status === 409 || status === 404) continue;
          throw fail(error, 'write the lock', blob);
        }
      }
      throw new KusionError('BACKEND_FAILED', `the lock ${where(blob)} keeps changing`, {
        hint: 'Other processes are taking and releasing this lock in a tight loop; retry later.',
      });
    },

    async inspect(scope) {
      const blob = blobOf(scope);
      const current = await read(blob);
      if (!current?.isLeased) return undefined;
      const holder = await holderOf(blob, current);
      return holder.info ?? corruptLockInfo(where(blob), holder.lastModified);
    },

    async forceRelease(scope) {
      const blob = blobOf(scope);
      const current = await read(blob);
      if (current === undefined) return undefined;
      const holder = current.isLeased ? await holderOf(blob, current) : undefined;
      if (current.isLeased) {
        await blob
          .getBlobLeaseClient()
          .breakLease(0)
          .catch((error: unknown) => {
            if (statusOf(error) !== 409) throw fail(error, 'break the lock', blob);
          });
      }
      // A new holder may have leased it since: then the delete is refused, and the lock is theirs.
      await blob.delete().catch(() => undefined);
      return holder?.info;
    },
  };
}

/**
 * The lock blob of a scope (`locks/<project>/<workspace>.json`) as the lock store and the fence
 * read it. The lease decides who holds the lock (the lease id is the holder's lock id); the body
 * and metadata say who that is and remember the last generation handed out: a holder's `LockInfo`,
 * or, once released, a released marker. A body written by a holder whose lease is gone (released,
 * broken) counts only for its generation.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { corruptLockInfo, parseLockRecord } from '@kusion/backend-kit';
import type { LockRecord, ObjectLayout } from '@kusion/backend-kit';
import type { KusionError } from '@kusion/sdk';
import type { LockInfo, LockScope } from '@kusion/sdk';
import { statusOf, storageCode, toBackendError } from './blob-errors.js';
import { textOf } from './object-store.js';

/** How long a reader waits for a new holder to write itself into a blob it just leased. */
const HOLDER_WRITE_WAIT_MS = 2_000;

/** The metadata key holding the last generation (metadata keys are case-insensitive: lower case). */
export const GENERATION_METADATA = 'generation';

export interface LockBlob {
  /** What the body holds; `undefined` when empty (never locked) or unreadable. */
  readonly record: LockRecord | undefined;
  /** Someone holds the lease (not released, broken or breaking). */
  readonly isLeased: boolean;
  /** The last generation handed out: the highest the body or the metadata records, 0 if none. */
  readonly generation: number;
  readonly etag: string;
  readonly lastModified: Date | undefined;
}

export interface LockBlobs {
  blobOf(scope: LockScope): BlockBlobClient;
  /** The blob's URL without a SAS, for messages. */
  where(blob: BlockBlobClient): string;
  fail(error: unknown, action: string, blob: BlockBlobClient): KusionError;
  /** The blob as it is now; `undefined` when there is none. */
  read(blob: BlockBlobClient): Promise<LockBlob | undefined>;
  /**
   * Reads again while the blob is leased but names no holder yet (a new holder leased it a moment
   * ago and is writing itself in), for up to two seconds.
   */
  settled(blob: BlockBlobClient, seen: LockBlob): Promise<LockBlob>;
  /** Who holds the lock now: the lessee as its body names it, or an unknown expired holder. */
  holderOf(blob: BlockBlobClient, settled: LockBlob): LockInfo | undefined;
}

/** The generation stored in metadata, when it is one. */
export function generationInMetadata(
  metadata: Readonly<Record<string, string>> | undefined,
): number | undefined {
  const value = Number(metadata?.[GENERATION_METADATA]);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Whether an error is the answer of a condition (`If-Match`, lease id, a blob gone): not a failure. */
export function isConditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409 || (status === 404 && !isContainerMissing(error));
}

const isContainerMissing = (error: unknown): boolean => storageCode(error) === 'ContainerNotFound';

export function createLockBlobs(
  container: ContainerClient,
  prefix: string,
  layout: ObjectLayout,
): LockBlobs {
  const where = (blob: BlockBlobClient): string => blob.url.split('?')[0] ?? '';
  const fail = (error: unknown, action: string, blob: BlockBlobClient): KusionError =>
    toBackendError(error, { action, target: where(blob) });

  async function read(blob: BlockBlobClient): Promise<LockBlob | undefined> {
    try {
      // One request: body, metadata, lease state and ETag of the same version.
      const response = await blob.download();
      const text = await textOf(response.readableStreamBody);
      const record = text === '' ? undefined : parseLockRecord(text);
      const bodyGeneration =
        record?.kind === 'held' ? record.holder.generation : record?.generation;
      return {
        record,
        isLeased: response.leaseState === 'leased',
        generation: Math.max(0, bodyGeneration ?? 0, generationInMetadata(response.metadata) ?? 0),
        etag: response.etag ?? '',
        lastModified: response.lastModified,
      };
    } catch (error) {
      if (statusOf(error) === 404 && !isContainerMissing(error)) return undefined;
      throw fail(error, 'read the lock', blob);
    }
  }

  const namesHolder = (seen: LockBlob): boolean => seen.record?.kind === 'held';

  return {
    blobOf: (scope) => container.getBlockBlobClient(prefix + layout.lockKey(scope)),
    where,
    fail,
    read,

    async settled(blob, seen) {
      let current: LockBlob | undefined = seen;
      const deadline = Date.now() + HOLDER_WRITE_WAIT_MS;
      while (current?.isLeased && !namesHolder(current) && Date.now() < deadline) {
        await sleep(100);
        current = await read(blob);
      }
      // Deleted meanwhile (by hand): nobody holds it, and no generation is known.
      return current ?? { ...seen, record: undefined, isLeased: false };
    },

    holderOf(blob, settled) {
      if (!settled.isLeased) return undefined;
      return settled.record?.kind === 'held'
        ? settled.record.holder
        : corruptLockInfo(where(blob), settled.lastModified);
    },
  };
}

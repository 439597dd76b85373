/**
 * The Azure Blob backend's fencing (see `ReleaseStore` in @kusion/sdk). Blob storage has no
 * transaction across two blobs, so each state write first asks for the lock blob's properties
 * *conditional on the writer's lease id* (`x-ms-lease-id`): the service answers only while that
 * lease is active, so a lease broken by `kusion release unlock`, by a takeover or by hand with
 * `az storage blob lease break` fails the check even before anyone writes a new holder in. The
 * generation in the metadata must still be the fence's. A takeover between the check and the
 * write lets at most that one write through: a release replaced then fails on the new holder's
 * ETag if the new holder wrote first (or the new holder's own conditional write fails on ours),
 * and a journal group written after the new holder folded the journal carries the older
 * generation, which reads ignore.
 */
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { lostLockError } from '@kusion/backend-kit';
import type { FenceCheck, ObjectLayout } from '@kusion/backend-kit';
import type { LockFence } from '@kusion/sdk';
import { createLockBlobs, generationInMetadata, isConditionFailure } from './lock-blob.js';
import type { LockBlobs } from './lock-blob.js';

/** Whether the fence's lease is active on `blob` with the fence's generation in metadata. */
async function isLeaseHeld(
  blobs: LockBlobs,
  blob: BlockBlobClient,
  fence: LockFence,
): Promise<boolean> {
  try {
    const properties = await blob.getProperties({ conditions: { leaseId: fence.holderId } });
    // `breaking`: someone is breaking this lease; it is as good as gone.
    return (
      properties.leaseState === 'leased' &&
      generationInMetadata(properties.metadata) === fence.generation
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw blobs.fail(error, 'check the lock', blob);
  }
}

export function createFenceCheck(
  container: ContainerClient,
  prefix: string,
  layout: ObjectLayout,
): FenceCheck {
  const blobs = createLockBlobs(container, prefix, layout);
  return async (fence) => {
    const blob = blobs.blobOf(fence.scope);
    if (await isLeaseHeld(blobs, blob, fence)) return;
    // Lost: name who holds the lock now. A body still naming this writer (its lease was broken
    // and someone leased the blob but has not written itself in yet) does not make it the holder.
    const current = await blobs.read(blob);
    const settled = current && (await blobs.settled(blob, current));
    const holder = settled && blobs.holderOf(blob, settled);
    throw lostLockError(fence.scope, holder?.id === fence.holderId ? undefined : holder);
  };
}

/**
 * The S3 backend's fencing (see `ReleaseStore` in @kusion/sdk). S3 has no transaction across two
 * objects, so each write reads the lock object just before its own conditional write: a takeover
 * in between lets at most that write through. For a release the conditional write then fails on
 * the new holder's ETag if the new holder wrote first, or the new holder's own conditional write
 * fails on ours; a journal group written after the new holder folded the journal carries the older
 * generation, which reads ignore.
 */
import { assertFenceHolds } from '@kusion/backend-kit';
import type { FenceCheck, ObjectLayout, ObjectStore } from '@kusion/backend-kit';
import { readLockObject } from './lock-store.js';

export function createFenceCheck(store: ObjectStore, layout: ObjectLayout): FenceCheck {
  return async (fence) => {
    assertFenceHolds(fence, (await readLockObject(store, layout.lockKey(fence.scope)))?.holder);
  };
}

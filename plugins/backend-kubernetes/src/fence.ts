/**
 * The fencing check (see `ReleaseStore` in @kusion/sdk): before every state write, read the scope's
 * Lease and check it still names the writer with the writer's generation. The API server has no
 * transaction across two objects, so the check comes immediately before the write, which is itself
 * conditional (a create that fails over an existing name, a replace on the resourceVersion read). A
 * takeover between the two lets at most that one write through, and it cannot undo the new holder's
 * work: a replaced release then fails on the version the new holder wrote (or the new holder's
 * write fails on ours and it reads again), and a journal group carries the older generation, which
 * reads ignore once the new holder has folded the journal.
 */
import { assertFenceHolds } from '@kusion/backend-kit';
import type { FenceCheck } from '@kusion/backend-kit';
import type { LeaseReader } from './lock-store.js';

export function createFenceCheck(leases: LeaseReader): FenceCheck {
  return async (fence) => {
    assertFenceHolds(fence, (await leases.read(fence.scope))?.state.holder);
  };
}

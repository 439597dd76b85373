/**
 * The PostgreSQL backend's fencing (see `ReleaseStore` in @kusion/sdk): every write's transaction
 * first locks the scope's lease row `FOR SHARE` and checks the fence. Taking the lock over needs
 * that row `FOR UPDATE`, so no takeover can commit between the check and the write: the check is
 * exact, not a read-then-write race.
 */
import { assertFenceHolds } from '@kusion/backend-kit';
import type { LockFence } from '@kusion/sdk';
import type { PoolClient } from 'pg';
import type { Database } from './database.js';
import { readHolder } from './lock-store.js';

/** Fails with `LOCKED` unless the fence still holds; the lease row stays locked until commit. */
export async function checkFence(
  database: Database,
  client: PoolClient,
  fence: LockFence,
): Promise<void> {
  assertFenceHolds(fence, (await readHolder(database, client, fence.scope, 'FOR SHARE')).holder);
}

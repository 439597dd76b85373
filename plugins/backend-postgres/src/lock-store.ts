/**
 * Locks as lease rows, one per project and workspace, changed only under `SELECT … FOR UPDATE`:
 * taking, taking over, renewing and releasing are each one transaction, so they never
 * interleave. A released row keeps its generation, so the next holder's is higher. Judging
 * whether a holder is alive or expired is the caller's job.
 */
import {
  corruptLockInfo,
  lockScopeSegments,
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  parseLock,
  renewedLockInfo,
  serializeLock,
} from '@kusion/backend-kit';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import type { PoolClient } from 'pg';
import type { Database } from './database.js';

interface Row {
  readonly holder: string | null;
  readonly generation: string;
}

/** The holder of a scope's lock row; `lock` decides how the row is locked for the transaction. */
export async function readHolder(
  database: Database,
  client: PoolClient,
  scope: LockScope,
  lock: 'FOR UPDATE' | 'FOR SHARE' | '' = '',
): Promise<{ holder: LockInfo | undefined; generation: number; exists: boolean }> {
  const [project, workspace] = lockScopeSegments(scope);
  const result = await client.query<Row>(
    `SELECT holder, generation FROM ${database.table('locks')} WHERE project = $1 AND workspace = $2 ${lock}`,
    [project, workspace],
  );
  const row = result.rows[0];
  if (!row) return { holder: undefined, generation: 0, exists: false };
  const holder =
    row.holder === null
      ? undefined
      : (parseLock(row.holder) ?? corruptLockInfo(`lock row ${project}/${workspace}`, undefined));
  return { holder, generation: Number(row.generation), exists: true };
}

export function createPostgresLockStore(database: Database): LockStore {
  const write = async (
    client: PoolClient,
    scope: LockScope,
    holder: LockInfo | undefined,
    generation: number,
  ): Promise<void> => {
    const [project, workspace] = lockScopeSegments(scope);
    await client.query(
      `INSERT INTO ${database.table('locks')} (project, workspace, holder, generation) VALUES ($1, $2, $3, $4)
       ON CONFLICT (project, workspace) DO UPDATE SET holder = EXCLUDED.holder, generation = EXCLUDED.generation`,
      [project, workspace, holder ? serializeLock(holder) : null, generation],
    );
  };

  function heldLock(scope: LockScope, acquired: LockInfo, ttlMs: number): HeldLock {
    let info = acquired;
    return {
      get info() {
        return info;
      },
      renew: () =>
        database.transaction(async (client) => {
          const current = await readHolder(database, client, scope, 'FOR UPDATE');
          if (current.holder?.id !== info.id) throw lostLockError(scope, current.holder);
          const renewed = renewedLockInfo(info, ttlMs);
          await write(client, scope, renewed, current.generation);
          info = renewed;
        }),
      // Silent when someone else holds it now: release runs in `finally` blocks.
      release: () =>
        database.transaction(async (client) => {
          const current = await readHolder(database, client, scope, 'FOR UPDATE');
          if (current.holder?.id === info.id)
            await write(client, scope, undefined, current.generation);
        }),
    };
  }

  return {
    tryAcquire: (request: LockRequest) =>
      database.transaction(async (client) => {
        const [project, workspace] = lockScopeSegments(request.scope);
        // The row must exist to be locked: create it released if this scope was never locked.
        await client.query(
          `INSERT INTO ${database.table('locks')} (project, workspace, holder, generation) VALUES ($1, $2, NULL, 0)
           ON CONFLICT DO NOTHING`,
          [project, workspace],
        );
        const current = await readHolder(database, client, request.scope, 'FOR UPDATE');
        if (current.holder !== undefined && current.holder.id !== request.replaceHolderId) {
          return { holder: current.holder };
        }
        const info = newLockInfo(
          request,
          nextLockGeneration(current.generation, current.holder?.generation),
        );
        await write(client, request.scope, info, info.generation);
        return { lock: heldLock(request.scope, info, request.ttlMs) };
      }),

    inspect: (scope) =>
      database.transaction(async (client) => (await readHolder(database, client, scope)).holder),

    forceRelease: (scope) =>
      database.transaction(async (client) => {
        const current = await readHolder(database, client, scope, 'FOR UPDATE');
        if (current.holder) await write(client, scope, undefined, current.generation);
        return current.holder;
      }),
  };
}

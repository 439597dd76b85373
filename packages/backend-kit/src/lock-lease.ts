/**
 * The lease a lock grants: who takes it and until when, how a renewal extends it, and what its
 * holder is told when someone else took it away. Judging whether a holder is stale is the caller's
 * job (it names the holder to replace in `replaceHolderId`).
 */
import { randomUUID } from 'node:crypto';
import { KusionError, LockError } from '@kusion/sdk';
import type { LockInfo, LockRequest, LockScope } from '@kusion/sdk';

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new KusionError('INVALID_ARGUMENT', `invalid lock ttlMs ${ttlMs}`, {
      hint: 'Pass a positive number of milliseconds.',
    });
  }
}

const expiryFrom = (now: number, ttlMs: number): string => new Date(now + ttlMs).toISOString();

/**
 * The `LockInfo` a new holder stores: a fresh id, acquired now, expiring `ttlMs` from now, with
 * the generation the backend chose (see `nextLockGeneration`).
 */
export function newLockInfo(
  { holder, ttlMs }: Pick<LockRequest, 'holder' | 'ttlMs'>,
  generation: number,
): LockInfo {
  assertTtl(ttlMs);
  const now = Date.now();
  return {
    id: randomUUID(),
    generation,
    user: holder.user,
    host: holder.host,
    pid: holder.pid,
    ...(holder.processStart === undefined ? {} : { processStart: holder.processStart }),
    command: holder.command,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: expiryFrom(now, ttlMs),
  };
}

/**
 * The generation of the next holder: above every generation the backend knows of for the scope
 * (its counter, the holder being replaced), so none is handed out twice.
 */
export function nextLockGeneration(...known: readonly (number | undefined)[]): number {
  return Math.max(0, ...known.filter((value) => value !== undefined)) + 1;
}

/** The same lease, expiring `ttlMs` from now. */
export function renewedLockInfo(info: LockInfo, ttlMs: number): LockInfo {
  return { ...info, expiresAt: expiryFrom(Date.now(), ttlMs) };
}

/**
 * What a holder is told when it finds its lock gone: taken over by `holder`, or force-released
 * when nobody holds it now.
 */
export function lostLockError(scope: LockScope, holder: LockInfo | undefined): KusionError {
  const where = `project "${scope.project}", workspace "${scope.workspace}"`;
  const hint =
    'This run stopped before its next write; check `kusion release list` for what the other run recorded, then run the command again.';
  return holder
    ? new LockError(
        `the lock on ${where} was taken over by ${holder.user}@${holder.host} (pid ${holder.pid}, ${holder.command})`,
        holder,
        false,
        { hint },
      )
    : new KusionError('LOCKED', `the lock on ${where} was force-released by someone else`, {
        hint,
      });
}

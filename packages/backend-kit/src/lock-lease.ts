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

/** The `LockInfo` a new holder stores: a fresh id, acquired now, expiring `ttlMs` from now. */
export function newLockInfo({ holder, ttlMs }: Pick<LockRequest, 'holder' | 'ttlMs'>): LockInfo {
  assertTtl(ttlMs);
  const now = Date.now();
  return {
    id: randomUUID(),
    user: holder.user,
    host: holder.host,
    pid: holder.pid,
    command: holder.command,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: expiryFrom(now, ttlMs),
  };
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
  const hint = 'Another run forced the lock; stop this run and check the latest release.';
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

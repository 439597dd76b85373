/**
 * One run at a time per project and workspace. The run's lock is a lease: renewed well before it
 * expires, and its fence (the lock's generation) goes with every state write, so a run that lost
 * its lock is refused on its next write. A lock whose holder is provably dead (same host, process
 * gone or its pid reused) or expired is taken over automatically, with a warning; a live holder's
 * lock only with `--force-unlock`, which fences that run out.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isKusionError, KusionError, LockError, lockFence } from '@kusion/sdk';
import type { Backend, HeldLock, IoHost, LockFence, LockInfo, LockScope } from '@kusion/sdk';
import { currentUser } from './current-user.js';
import { describeHolder, judgeStaleness } from './lock-staleness.js';
import type { Staleness } from './lock-staleness.js';
import { processStartToken } from './process-liveness.js';

export interface AcquireRunLockRequest {
  readonly backend: Backend;
  readonly scope: LockScope;
  readonly command: string;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  /** How long to wait for another run to finish (`--lock-timeout`); 0 fails at once. */
  readonly waitMs: number;
  /** Take the lock even from a holder that looks alive (`--force-unlock`). */
  readonly force: boolean;
  /** Who holds it; default: the operating-system user. */
  readonly user?: string | undefined;
  /** How long the lease lasts unless renewed; renewed every quarter of it. */
  readonly ttlMs?: number;
}

export interface RunLock {
  readonly info: LockInfo;
  /** What every state write of the run carries. */
  readonly fence: LockFence;
  /**
   * Aborted, with the `LOCKED` error as its reason, when a renewal finds the lock taken over or
   * removed, or when renewals failed until the lease expired: the run stops scheduling.
   */
  readonly lostSignal: AbortSignal;
  release(): Promise<void>;
}

/** A minute: a dead remote holder blocks the next run at most this long after its last renewal. */
export const DEFAULT_LOCK_TTL_MS = 60_000;
const RETRY_EVERY_MS = 500;

export async function acquireRunLock(request: AcquireRunLockRequest): Promise<RunLock> {
  const ttlMs = request.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const processStart = processStartToken(process.pid);
  const holder = {
    user: request.user ?? currentUser(),
    host: hostname(),
    pid: process.pid,
    ...(processStart === undefined ? {} : { processStart }),
    command: request.command,
  };
  const giveUpAt = Date.now() + request.waitMs;
  let replaceHolderId: string | undefined;
  let hasReportedWait = false;
  for (;;) {
    const answer = await request.backend.locks.tryAcquire({
      scope: request.scope,
      holder,
      ttlMs,
      replaceHolderId,
    });
    if ('lock' in answer) return keepAlive(answer.lock, request.scope, ttlMs, request.io);
    const current = answer.holder;
    const staleness = judgeStaleness(current);
    // A takeover that did not take (the holder renewed or changed meanwhile) is judged afresh.
    if ((staleness || request.force) && replaceHolderId !== current.id) {
      replaceHolderId = current.id;
      await request.io.notify({
        level: 'warn',
        code: 'LOCK_TAKEN_OVER',
        message: staleness
          ? `Taking over the lock of ${describeHolder(current)}: ${staleness.reason}`
          : `Taking over the lock of ${describeHolder(current)} (--force-unlock): that run is fenced out and stops before its next write`,
        data: {
          holder: describeHolder(current),
          reason: staleness?.reason ?? 'forced with --force-unlock',
        },
      });
      continue;
    }
    if (Date.now() >= giveUpAt) throw lockedError(request.scope, current, staleness);
    if (!hasReportedWait) {
      hasReportedWait = true;
      await request.io.notify({
        level: 'info',
        code: 'LOCK_WAIT',
        message: `Waiting for the lock held by ${describeHolder(current)}`,
        data: { holder: describeHolder(current) },
      });
    }
    replaceHolderId = undefined;
    await sleep(Math.min(RETRY_EVERY_MS, Math.max(0, giveUpAt - Date.now())), undefined, {
      signal: request.signal,
    });
  }
}

function lockedError(
  scope: LockScope,
  holder: LockInfo,
  staleness: Staleness | undefined,
): LockError {
  const what = `workspace "${scope.workspace}" of project "${scope.project}" is locked by ${describeHolder(holder)}`;
  if (staleness) {
    // Judged stale, yet the takeover lost a race: someone else took it first.
    return new LockError(`${what}; it changed hands while this run took it over`, holder, true, {
      hint: 'another run took the lock first; run the command again',
    });
  }
  return new LockError(`${what} (lease until ${holder.expiresAt})`, holder, false, {
    hint: 'wait for it to finish, or pass --lock-timeout to wait (e.g. --lock-timeout 5m); --force-unlock takes the lock from a run you know is stuck',
  });
}

function keepAlive(lock: HeldLock, scope: LockScope, ttlMs: number, io: IoHost): RunLock {
  const lost = new AbortController();
  let lastRenewedAt = Date.now();
  let renewing: Promise<void> | undefined;
  const renew = async (): Promise<void> => {
    try {
      await lock.renew();
      lastRenewedAt = Date.now();
    } catch (error) {
      if (isKusionError(error) && error.code === 'LOCKED') {
        lost.abort(error);
        clearInterval(timer);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() - lastRenewedAt >= ttlMs) {
        lost.abort(
          new KusionError(
            'LOCKED',
            `could not renew the lock on project "${scope.project}", workspace "${scope.workspace}" before it expired: ${reason}`,
            { hint: 'Another run may take the lock over now; this run stopped scheduling.' },
          ),
        );
        clearInterval(timer);
        return;
      }
      await io.notify({
        level: 'warn',
        code: 'LOCK_RENEW_FAILED',
        message: `Could not renew the lock (retrying): ${reason}`,
        data: { error: reason },
      });
    }
  };
  const timer = setInterval(
    () => {
      renewing ??= renew().finally(() => {
        renewing = undefined;
      });
    },
    Math.max(250, Math.floor(ttlMs / 4)),
  );
  timer.unref();
  return {
    get info() {
      return lock.info;
    },
    fence: lockFence(scope, lock.info),
    lostSignal: lost.signal,
    async release() {
      clearInterval(timer);
      await renewing;
      await lock.release();
    },
  };
}

/** Removes a lock whoever holds it (`kusion release unlock`); answers who held it. */
export async function forceUnlock(
  backend: Backend,
  scope: LockScope,
): Promise<LockInfo | undefined> {
  try {
    return await backend.locks.forceRelease(scope);
  } catch (error) {
    throw new KusionError(
      'BACKEND_FAILED',
      `could not remove the lock: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * One run at a time per project and workspace. A lock held by a dead local process or past its
 * expiry is reported as stale; it is taken over only when the user asks (`--force-unlock`).
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { KusionError, LockError } from '@kusion/sdk';
import type { Backend, HeldLock, IoHost, LockInfo, LockScope } from '@kusion/sdk';
import { currentUser } from './current-user.js';

export interface AcquireRunLockRequest {
  readonly backend: Backend;
  readonly scope: LockScope;
  readonly command: string;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  /** How long to wait for another run to finish (`--lock-timeout`); 0 fails at once. */
  readonly waitMs: number;
  /** Take over a stale lock (`--force-unlock`). */
  readonly force: boolean;
  readonly ttlMs?: number;
}

export interface RunLock {
  readonly info: LockInfo;
  release(): Promise<void>;
}

const DEFAULT_TTL_MS = 10 * 60_000;
const RETRY_EVERY_MS = 500;

export async function acquireRunLock(request: AcquireRunLockRequest): Promise<RunLock> {
  const ttlMs = request.ttlMs ?? DEFAULT_TTL_MS;
  const holder = {
    user: currentUser(),
    host: hostname(),
    pid: process.pid,
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
    if ('lock' in answer) return keepAlive(answer.lock, ttlMs, request.io);
    const current = answer.holder;
    const staleness = judgeStaleness(current);
    if (request.force && staleness && replaceHolderId !== current.id) {
      replaceHolderId = current.id;
      await request.io.notify({
        level: 'warn',
        code: 'LOCK_TAKEN_OVER',
        message: `Taking over a stale lock: ${staleness}`,
        data: { holder: describeHolder(current), reason: staleness },
      });
      continue;
    }
    if (Date.now() >= giveUpAt || staleness)
      throw lockedError(request.scope, current, staleness, request.force);
    if (!hasReportedWait) {
      hasReportedWait = true;
      await request.io.notify({
        level: 'info',
        code: 'LOCK_WAIT',
        message: `Waiting for the lock held by ${describeHolder(current)}`,
        data: { holder: describeHolder(current) },
      });
    }
    await sleep(Math.min(RETRY_EVERY_MS, Math.max(0, giveUpAt - Date.now())), undefined, {
      signal: request.signal,
    });
  }
}

/** Why a lock is stale, or undefined when its holder may still be working. */
export function judgeStaleness(info: LockInfo, now = Date.now()): string | undefined {
  const expiresAt = Date.parse(info.expiresAt);
  if (Number.isNaN(expiresAt) || expiresAt <= now) return `it expired at ${info.expiresAt}`;
  if (info.host === hostname() && !isProcessAlive(info.pid))
    return `process ${info.pid} on this host is no longer running`;
  return undefined;
}

export function describeHolder(info: LockInfo): string {
  return `${info.user}@${info.host} (pid ${info.pid}, "${info.command}") since ${info.acquiredAt}`;
}

function lockedError(
  scope: LockScope,
  holder: LockInfo,
  staleness: string | undefined,
  hasForce: boolean,
): LockError {
  const what = `workspace "${scope.workspace}" of project "${scope.project}" is locked by ${describeHolder(holder)}`;
  if (staleness) {
    return new LockError(`${what}; the lock is stale: ${staleness}`, holder, true, {
      hint: hasForce
        ? 'the lock changed while taking it over; run the command again'
        : 'if no other run is active, rerun with --force-unlock, or run `kusion release unlock`',
    });
  }
  return new LockError(what, holder, false, {
    hint: 'wait for it to finish, or pass --lock-timeout to wait (e.g. --lock-timeout 5m)',
  });
}

function keepAlive(lock: HeldLock, ttlMs: number, io: IoHost): RunLock {
  const timer = setInterval(
    () => {
      lock.renew().catch(async (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        await io.notify({
          level: 'warn',
          code: 'LOCK_RENEW_FAILED',
          message: `Could not renew the lock: ${reason}`,
          data: { error: reason },
        });
      });
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    info: lock.info,
    async release() {
      clearInterval(timer);
      await lock.release();
    },
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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

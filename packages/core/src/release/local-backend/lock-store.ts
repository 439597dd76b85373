/**
 * Locks as one JSON file per project and workspace. Taking a free lock is a create-if-absent;
 * everything that reads, compares and then changes a lock file (takeover, renew, release, force
 * release) does so under a short side lock (see lock-guard.ts). Judging whether a holder is alive
 * or expired is the caller's job.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { KusionError, LockError } from '@kusion/sdk';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import createDebug from 'debug';
import {
  createFileExclusive,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from './atomic-file.js';
import type { LocalLayout } from './local-layout.js';
import { withLockGuard } from './lock-guard.js';

const debug = createDebug('kusion:core:release:local-lock');

/** The id given to a lock file that cannot be read: pass it as `replaceHolderId` to take over. */
export const CORRUPT_LOCK_ID = 'corrupt';

/** How many times a free-lock attempt retries when the lock vanishes between create and read. */
const ACQUIRE_ATTEMPTS = 5;

const serializeLock = (info: LockInfo): string => `${JSON.stringify(info, null, 2)}\n`;

function parseLock(text: string): LockInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const info = value as Record<keyof LockInfo, unknown>;
  const isValid =
    ['id', 'user', 'host', 'command', 'acquiredAt', 'expiresAt'].every(
      (key) => typeof info[key as keyof LockInfo] === 'string',
    ) && typeof info.pid === 'number';
  return isValid ? (value as LockInfo) : undefined;
}

/** A torn or damaged lock file: held by nobody we know, already expired. */
async function corruptLockInfo(file: string): Promise<LockInfo> {
  const modifiedAt = await stat(file).then(
    (stats) => stats.mtime.toISOString(),
    () => new Date(0).toISOString(),
  );
  return {
    id: CORRUPT_LOCK_ID,
    user: 'unknown',
    host: 'unknown',
    pid: 0,
    command: `unreadable lock file ${file}`,
    acquiredAt: modifiedAt,
    expiresAt: new Date(0).toISOString(),
  };
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  return parseLock(text) ?? corruptLockInfo(file);
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new KusionError('INVALID_ARGUMENT', `invalid lock ttlMs ${ttlMs}`, {
      hint: 'Pass a positive number of milliseconds.',
    });
  }
}

const expiryFrom = (now: number, ttlMs: number): string => new Date(now + ttlMs).toISOString();

function lostLockError(scope: LockScope, holder: LockInfo | undefined): KusionError {
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

export function createLocalLockStore(layout: LocalLayout): LockStore {
  function heldLock(scope: LockScope, acquired: LockInfo, ttlMs: number): HeldLock {
    const file = layout.lockFile(scope);
    const guardFile = layout.lockGuardFile(scope);
    let info = acquired;
    return {
      get info() {
        return info;
      },

      renew: () =>
        withLockGuard(guardFile, async () => {
          const current = await readLock(file);
          if (current?.id !== info.id) throw lostLockError(scope, current);
          const renewed = { ...info, expiresAt: expiryFrom(Date.now(), ttlMs) };
          await writeFileAtomic(file, serializeLock(renewed));
          info = renewed;
        }),

      // Idempotent and silent when someone else holds it now: release runs in `finally` blocks,
      // where throwing would hide the error that got us there.
      release: () =>
        withLockGuard(guardFile, async () => {
          const current = await readLock(file);
          if (current?.id === info.id) await removeFile(file);
          else if (current) debug('not releasing %s: now held by %s', file, current.id);
        }),
    };
  }

  async function acquireFree(
    scope: LockScope,
    info: LockInfo,
    ttlMs: number,
  ): Promise<{ readonly lock: HeldLock } | { readonly holder: LockInfo }> {
    const file = layout.lockFile(scope);
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      if (await createFileExclusive(file, serializeLock(info))) {
        return { lock: heldLock(scope, info, ttlMs) };
      }
      const holder = await readLock(file);
      if (holder) return { holder };
      // Released between our create and our read: try again.
    }
    throw new KusionError('BACKEND_FAILED', `the lock file ${file} keeps appearing and vanishing`, {
      hint: 'Another process is taking and releasing this lock in a tight loop; retry later.',
    });
  }

  return {
    async tryAcquire({ scope, holder, ttlMs, replaceHolderId }: LockRequest) {
      const file = layout.lockFile(scope);
      assertTtl(ttlMs);
      const now = Date.now();
      const info: LockInfo = {
        id: randomUUID(),
        user: holder.user,
        host: holder.host,
        pid: holder.pid,
        command: holder.command,
        acquiredAt: new Date(now).toISOString(),
        expiresAt: expiryFrom(now, ttlMs),
      };
      if (replaceHolderId === undefined) return acquireFree(scope, info, ttlMs);
      return withLockGuard(layout.lockGuardFile(scope), async () => {
        const current = await readLock(file);
        // Gone already: whoever we meant to replace released it; take it like a free lock.
        if (current === undefined) return acquireFree(scope, info, ttlMs);
        if (current.id !== replaceHolderId) return { holder: current };
        await writeFileAtomic(file, serializeLock(info));
        return { lock: heldLock(scope, info, ttlMs) };
      });
    },

    async inspect(scope) {
      return readLock(layout.lockFile(scope));
    },

    async forceRelease(scope) {
      const file = layout.lockFile(scope);
      return withLockGuard(layout.lockGuardFile(scope), async () => {
        const current = await readLock(file);
        if (current) await removeFile(file);
        return current;
      });
    },
  };
}

/**
 * Locks as one JSON file per project and workspace. Taking a free lock is a create-if-absent;
 * everything that reads, compares and then changes a lock file (takeover, renew, release, force
 * release) does so under a short side lock (see lock-guard.ts). Judging whether a holder is alive
 * or expired is the caller's job.
 */
import { stat } from 'node:fs/promises';
import {
  corruptLockInfo,
  lostLockError,
  newLockInfo,
  parseLock,
  renewedLockInfo,
  serializeLock,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
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

/** How many times a free-lock attempt retries when the lock vanishes between create and read. */
const ACQUIRE_ATTEMPTS = 5;

/** The holder in the lock file; a torn or damaged file reads as an expired holder nobody knows. */
async function readLock(file: string): Promise<LockInfo | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const info = parseLock(text);
  if (info) return info;
  const modifiedAt = await stat(file).then(
    (stats) => stats.mtime,
    () => undefined,
  );
  return corruptLockInfo(file, modifiedAt);
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
          const renewed = renewedLockInfo(info, ttlMs);
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
    async tryAcquire(request: LockRequest) {
      const { scope, ttlMs, replaceHolderId } = request;
      const file = layout.lockFile(scope);
      const info = newLockInfo(request);
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

/**
 * Locks as one JSON file per project and workspace. Every change of a lock file (take, take over,
 * renew, release, force release) reads, compares and writes under a short side lock (see
 * lock-guard.ts). Each lock taken gets the next generation from `<workspace>.generation`, a counter
 * file that outlives the lock, so no generation is handed out twice. Judging whether a holder is
 * alive or expired is the caller's job.
 */
import { readFile } from 'node:fs/promises';
import {
  lostLockError,
  newLockInfo,
  nextLockGeneration,
  renewedLockInfo,
  serializeLock,
} from '@kusion/backend-kit';
import type { HeldLock, LockInfo, LockRequest, LockScope, LockStore } from '@kusion/sdk';
import { hasErrorCode, removeFile, writeFileAtomic } from './atomic-file.js';
import type { LocalLayout } from './local-layout.js';
import { withLockGuard } from './lock-guard.js';
import { readLock } from './lock-file.js';
import { removeAbandonedTemporaries } from './temporary-files.js';
import { createTrace } from './trace.js';

const debug = createTrace('kusion:core:release:local-lock');

/** The last generation handed out; 0 when none was (or the counter is unreadable). */
async function readGeneration(file: string): Promise<number> {
  try {
    const value = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return 0;
    throw error;
  }
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

  return {
    async tryAcquire(request: LockRequest) {
      const { scope, ttlMs, replaceHolderId } = request;
      const file = layout.lockFile(scope);
      const generationFile = layout.lockGenerationFile(scope);
      return withLockGuard(layout.lockGuardFile(scope), async () => {
        // Temporary files of writers killed in this folder: nothing else removes them.
        await removeAbandonedTemporaries(layout.lockDirectory(scope));
        const current = await readLock(file);
        // Gone already when we meant to replace someone: they released it; take it like a free lock.
        if (current !== undefined && current.id !== replaceHolderId) return { holder: current };
        const generation = nextLockGeneration(
          await readGeneration(generationFile),
          current?.generation,
        );
        const info = newLockInfo(request, generation);
        // The counter first: a crash before the lock file is written only skips a generation.
        await writeFileAtomic(generationFile, `${generation}\n`);
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

/**
 * The local backend's fencing (see `ReleaseStore` in @kusion/sdk). Release writes check the lock
 * and write under the lock guard, so no takeover can slip between the check and the write.
 * Journal appends check the lock file before each write, synchronously and without the guard
 * (thousands of appends a second cannot each take a guard): a takeover in between lets at most
 * that one write through, and its entry is then either folded in by the new holder (it happened
 * first) or, written after the fold, carries the older generation that reads ignore.
 */
import { assertFenceHolds } from '@kusion/backend-kit';
import type { LockFence } from '@kusion/sdk';
import type { LocalLayout } from './local-layout.js';
import { withLockGuard } from './lock-guard.js';
import { lockFileVersion, readLock, readLockSync } from './lock-file.js';

export interface FenceCheck {
  /** Runs `task` under the lock guard once the fence holds; fails with `LOCKED` otherwise. */
  withFence<T>(fence: LockFence, task: () => Promise<T>): Promise<T>;
  /**
   * A synchronous check for one journal: re-reads the lock file only when it changed since the
   * last check. Throws `LOCKED` when the fence no longer holds.
   */
  journalCheck(fence: LockFence): () => void;
}

export function createFenceCheck(layout: LocalLayout): FenceCheck {
  return {
    withFence: (fence, task) =>
      withLockGuard(layout.lockGuardFile(fence.scope), async () => {
        assertFenceHolds(fence, await readLock(layout.lockFile(fence.scope)));
        return task();
      }),

    journalCheck(fence) {
      const file = layout.lockFile(fence.scope);
      let verified: string | undefined;
      return () => {
        const version = lockFileVersion(file);
        if (version !== undefined && version === verified) return;
        assertFenceHolds(fence, version === undefined ? undefined : readLockSync(file));
        verified = version;
      };
    },
  };
}

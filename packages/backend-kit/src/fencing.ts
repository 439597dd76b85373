/**
 * Fencing: the checks every backend makes on every state write, so a run that lost its lock
 * (expired, force-released, taken over) cannot overwrite the run that holds it now. A backend
 * reads the current lock and the stored release in the same transaction, under the same guard, or
 * immediately before a conditional write, and calls these; see `ReleaseStore` in `@kusion/sdk`.
 */
import { KusionError } from '@kusion/sdk';
import type { LockFence, LockInfo, Release, ReleaseScope, StateJournalEntry } from '@kusion/sdk';
import { lostLockError } from './lock-lease.js';
import { describeReleaseScope } from './release-errors.js';

/**
 * A backend's check, made just before a state write, that the fence's lock still holds: fails
 * with `LOCKED` (naming who holds it now) when it does not.
 */
export type FenceCheck = (fence: LockFence) => Promise<void>;

/** A journal entry as stored: with the generation of the lock that wrote it. */
export type StoredJournalEntry = StateJournalEntry & { readonly generation?: number };

/** Fails with `LOCKED` (naming the holder now, or saying it was removed) unless `current` is the fence's lock. */
export function assertFenceHolds(fence: LockFence, current: LockInfo | undefined): void {
  if (current?.id === fence.holderId && current.generation === fence.generation) return;
  throw lostLockError(fence.scope, current);
}

/**
 * Fails with `LOCKED` when the stored release was last written under a newer lock generation than
 * the fence's: a later holder recorded it, and this writer must not undo that.
 */
export function assertReleaseWritable(
  stored: { readonly lockGeneration?: number | undefined } | undefined,
  fence: LockFence,
  scope: ReleaseScope & { readonly revision: number },
): void {
  const storedGeneration = stored?.lockGeneration ?? 0;
  if (storedGeneration <= fence.generation) return;
  throw new KusionError(
    'LOCKED',
    `release ${scope.revision} of ${describeReleaseScope(scope)} was last written by a newer holder of the lock (generation ${storedGeneration}; this run holds generation ${fence.generation}): this run lost its lock and may not write it`,
    { hint: 'Another run took the lock over; check `kusion release list` for what it recorded.' },
  );
}

/** The release as it is stored by a write under `fence`. */
export function stampRelease(release: Release, fence: LockFence): Release {
  return { ...release, lockGeneration: fence.generation };
}

/** The entry as it is stored by a journal opened under `fence`. */
export function stampJournalEntry(entry: StateJournalEntry, fence: LockFence): StoredJournalEntry {
  return { ...entry, generation: fence.generation };
}

/**
 * Whether a stored entry counts for a release last written under `lockGeneration`: entries of an
 * older generation were written by a run that lost its lock after its successor folded the
 * journal, so replaying them would undo what the successor recorded.
 */
export function isEntryCurrent(
  entry: StoredJournalEntry,
  lockGeneration: number | undefined,
): boolean {
  return (
    entry.generation === undefined ||
    lockGeneration === undefined ||
    entry.generation >= lockGeneration
  );
}

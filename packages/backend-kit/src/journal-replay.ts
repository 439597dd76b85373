/** Folding a release's journal into its state: what every read of an interrupted release does. */
import type { Release, ResourceState, StateJournalEntry } from '@kusion/sdk';
import { isEntryCurrent } from './fencing.js';
import type { StoredJournalEntry } from './fencing.js';

/**
 * Applies entries to a resource list: `put` replaces a resource in place or adds it at the end,
 * `delete` removes it. Replaying entries onto a state that already holds them gives the same
 * resources (a deleted then re-put resource may move to the end), so a crash between writing the
 * folded release and removing its journal is harmless.
 */
export function replayJournal(
  resources: readonly ResourceState[],
  entries: readonly StateJournalEntry[],
): ResourceState[] {
  // A Map keeps insertion order and keeps a key's position when its value is replaced.
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  for (const entry of entries) {
    switch (entry.op) {
      case 'put':
        byId.set(entry.resource.id, entry.resource);
        break;
      case 'delete':
        byId.delete(entry.id);
        break;
    }
  }
  return [...byId.values()];
}

/**
 * The release with `entries` replayed onto its state; the release itself when there are none.
 * Entries written under a lock generation older than the release's are left out (see
 * `isEntryCurrent`), and the generation stamps are not part of the replayed state.
 */
export function withJournalReplayed(
  release: Release,
  entries: readonly StoredJournalEntry[],
): Release {
  const current = entries.filter((entry) => isEntryCurrent(entry, release.lockGeneration));
  if (current.length === 0) return release;
  return { ...release, state: { resources: replayJournal(release.state.resources, current) } };
}

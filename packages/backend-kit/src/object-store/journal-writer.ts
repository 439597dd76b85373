/**
 * Appends to a state journal in an object store, which has no append: each group of entries (see
 * group-commit-journal.ts) becomes its own object (`<seq>.json`), created with
 * `If-None-Match: *` so two writers can never overwrite each other's entries, after checking the
 * fence.
 */
import { KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal } from '@kusion/sdk';
import type { FenceCheck } from '../fencing.js';
import { createGroupCommitJournal } from '../group-commit-journal.js';
import { joinJournalGroup } from '../journal-groups.js';
import type { ObjectStore } from './object-store.js';

export interface JournalWriterOptions {
  readonly store: ObjectStore;
  /** The key of the object holding group `sequence`. */
  readonly keyOf: (sequence: number) => string;
  /** The first unused sequence number (after the groups already written). */
  readonly firstSequence: number;
  /** Writes in flight at once. */
  readonly maxInFlight?: number;
  /** Told each group the store acknowledged, so the folding `update` need not download it again. */
  readonly onWritten?: (key: string, body: string) => void;
  /** Entries are stored with its generation, and it is checked before every group is written. */
  readonly fence: LockFence;
  readonly checkFence: FenceCheck;
}

export function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { store, keyOf, fence } = options;
  return createGroupCommitJournal({
    fence,
    firstSequence: options.firstSequence,
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    async writeGroup(entries, sequence) {
      const key = keyOf(sequence);
      const body = joinJournalGroup(entries);
      await options.checkFence(fence);
      const outcome = await store.put(key, body, { ifNoneMatch: '*' });
      if ('conflict' in outcome) {
        throw new KusionError(
          'STATE_CONFLICT',
          `another process is writing the state journal: ${store.describe(key)} already exists`,
          {
            hint: 'Two runs are applying the same release; stop this one and check who holds the workspace lock.',
          },
        );
      }
      options.onWritten?.(key, body);
    },
  });
}

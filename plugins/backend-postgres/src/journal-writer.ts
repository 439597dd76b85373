/**
 * Appends to a release's journal: entries appended in the same tick go out as one multi-row
 * insert, in the transaction that checks the fence, so an entry is stored only while the writer
 * holds the lock, and an `append` resolves once its row is committed. Once a write fails (the
 * fence, the server), every later append fails the same way.
 */
import { stampJournalEntry } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal, StateJournalEntry } from '@kusion/sdk';
import type { Database } from './database.js';
import { backendError } from './database.js';
import { checkFence } from './fence.js';

export interface JournalWriterOptions {
  readonly database: Database;
  /** project, workspace, stack (checked). */
  readonly scope: readonly string[];
  readonly revision: number;
  readonly fence: LockFence;
}

interface Waiting {
  readonly json: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { database, fence } = options;
  let waiting: Waiting[] = [];
  let writing: Promise<void> = Promise.resolve();
  let isClosed = false;
  let failure: KusionError | undefined;

  async function write(batch: readonly Waiting[]): Promise<void> {
    try {
      if (failure) throw failure;
      await database.transaction(async (client) => {
        await checkFence(database, client, fence);
        const values = batch.map((_, index) => `($1, $2, $3, $4, $${index + 5})`).join(', ');
        await client.query(
          `INSERT INTO ${database.table('journal')} (project, workspace, stack, revision, entry) VALUES ${values}`,
          [...options.scope, options.revision, ...batch.map((entry) => entry.json)],
        );
      });
      for (const entry of batch) entry.resolve();
    } catch (error) {
      failure ??= isKusionError(error) ? error : backendError(error);
      for (const entry of batch) entry.reject(failure);
    }
  }

  return {
    append(entry: StateJournalEntry) {
      if (isClosed) {
        return Promise.reject(
          new KusionError('INTERNAL', 'the state journal is already closed', {
            hint: 'Open the journal again with `releases.openJournal()` before appending.',
          }),
        );
      }
      if (failure) return Promise.reject(failure);
      const json = JSON.stringify(stampJournalEntry(entry, fence));
      return new Promise<void>((resolve, reject) => {
        if (waiting.length === 0) {
          // Entries appended in this tick go out together, after the writes already under way.
          queueMicrotask(() => {
            const batch = waiting;
            waiting = [];
            writing = writing.then(() => write(batch));
          });
        }
        waiting.push({ json, resolve, reject });
      });
    },
    async close() {
      isClosed = true;
      await new Promise<void>((resolve) => {
        queueMicrotask(resolve);
      });
      await writing;
    },
  };
}

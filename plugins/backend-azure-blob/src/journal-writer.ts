/**
 * Appends to a state journal in blob storage as separate blobs: each group of entries becomes its own
 * object (`<seq>.json`), created with `If-None-Match: *` so two writers can never overwrite each
 * other's entries. An `append` resolves once the service has acknowledged the object holding its entry, so
 * a killed process loses only entries it was never told were saved.
 *
 * Group commit: entries appended while earlier groups are being written go out together, with a
 * few writes in flight at once. Replay follows key order; a later group may land before an earlier
 * one, which is safe because the engine awaits an entry before recording anything that depends on
 * it, so causally ordered entries are always in ascending groups.
 */
import { joinJournalGroup, serializeGroupedEntry, stampJournalEntry } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal, StateJournalEntry } from '@kusion/sdk';
import type { FenceCheck } from './fence.js';
import type { ObjectStore } from './object-store.js';

export interface JournalWriterOptions {
  readonly store: ObjectStore;
  /** The key of the object holding group `sequence`. */
  readonly keyOf: (sequence: number) => string;
  /** The first unused sequence number (after the groups already written). */
  readonly firstSequence: number;
  /** Writes in flight at once. */
  readonly maxInFlight?: number;
  /** Told each group the service acknowledged, so the folding `update` need not download it again. */
  readonly onWritten?: (key: string, body: string) => void;
  /** Entries are stored with its generation, and it is checked before every group is written. */
  readonly fence: LockFence;
  readonly checkFence: FenceCheck;
}

interface Waiting {
  readonly json: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const DEFAULT_MAX_IN_FLIGHT = 4;

export function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { store, keyOf } = options;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  let nextSequence = options.firstSequence;
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let isPumpScheduled = false;
  let isClosed = false;
  /** Set when a write failed: the run must stop, so later appends fail the same way. */
  let failure: Error | undefined;
  let onDrained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  async function write(batch: readonly Waiting[], sequence: number): Promise<void> {
    const key = keyOf(sequence);
    const body = joinJournalGroup(batch.map((entry) => entry.json));
    try {
      await options.checkFence(options.fence);
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
      for (const entry of batch) entry.resolve();
    } catch (error) {
      failure ??= error instanceof Error ? error : new KusionError('BACKEND_FAILED', String(error));
      for (const entry of batch) entry.reject(failure);
    }
  }

  function pump(): void {
    isPumpScheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      if (failure !== undefined) {
        for (const entry of batch) entry.reject(failure);
        continue;
      }
      inFlight++;
      // `write` settles every entry of its batch itself and never rejects.
      write(batch, nextSequence++)
        .finally(() => {
          inFlight--;
          pump();
        })
        .catch(() => undefined);
    }
    if (inFlight === 0 && waiting.length === 0) onDrained?.();
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
      if (failure !== undefined) return Promise.reject(failure);
      // Serialised now: the caller may change the object once append returns.
      const json = serializeGroupedEntry(stampJournalEntry(entry, options.fence));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ json, resolve, reject });
        if (!isPumpScheduled) {
          isPumpScheduled = true;
          // Entries appended in the same tick go out as one group.
          queueMicrotask(pump);
        }
      });
    },

    /** Resolves once every group is written or has failed (failures reached their appends). */
    close() {
      isClosed = true;
      closing ??= new Promise<void>((resolve) => {
        onDrained = resolve;
        pump();
      });
      return closing;
    },
  };
}

/**
 * A state journal for stores with no append (objects, Kubernetes Secrets): each group of entries
 * is stored as a record of its own, numbered in sequence, which the backend creates so that it can
 * never overwrite another writer's (a conditional create). An `append` resolves once the group
 * holding its entry is stored, so a killed process loses only entries it was never told were
 * saved; once a group fails, every later append fails the same way (the run must stop).
 *
 * Group commit: entries appended while earlier groups are being written go out together, with a
 * few writes in flight at once. Replay follows the sequence; a later group may land before an
 * earlier one, which is safe because the engine awaits an entry before recording anything that
 * depends on it, so causally ordered entries are always in ascending groups.
 */
import { KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal, StateJournalEntry } from '@kusion/sdk';
import { stampJournalEntry } from './fencing.js';
import { serializeGroupedEntry } from './journal-groups.js';

export interface GroupCommitJournalOptions {
  /** Entries are stored with its generation; `writeGroup` checks it before every group. */
  readonly fence: LockFence;
  /** The first unused sequence number (after the groups already written). */
  readonly firstSequence: number;
  /** Writes in flight at once; default 4. */
  readonly maxInFlight?: number;
  /** A group is cut once its entries' JSON would pass this many characters (always ≥ 1 entry). */
  readonly maxGroupJsonLength?: number;
  /**
   * Stores one group — each entry's JSON, in append order — as record `sequence`, resolving once
   * the store has it. Fails when the fence no longer holds or the record already exists.
   */
  readonly writeGroup: (entries: readonly string[], sequence: number) => Promise<void>;
}

interface Waiting {
  readonly json: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const DEFAULT_MAX_IN_FLIGHT = 4;

export function createGroupCommitJournal(options: GroupCommitJournalOptions): StateJournal {
  const { fence } = options;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const maxGroupJsonLength = options.maxGroupJsonLength ?? Number.POSITIVE_INFINITY;
  let nextSequence = options.firstSequence;
  const waiting: Waiting[] = [];
  let inFlight = 0;
  let isPumpScheduled = false;
  let isClosed = false;
  /** Set when a write failed: the run must stop, so later appends fail the same way. */
  let failure: Error | undefined;
  let onDrained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  async function write(batch: readonly Waiting[], sequence: number): Promise<void> {
    try {
      await options.writeGroup(
        batch.map((entry) => entry.json),
        sequence,
      );
      for (const entry of batch) entry.resolve();
    } catch (error) {
      failure ??= error instanceof Error ? error : new KusionError('BACKEND_FAILED', String(error));
      for (const entry of batch) entry.reject(failure);
    }
  }

  /** The entries of the next group: at least one, then as many as fit. */
  function takeGroup(): Waiting[] {
    let length = 0;
    let count = 0;
    while (count < waiting.length) {
      const size = waiting[count]?.json.length ?? 0;
      if (count > 0 && length + size > maxGroupJsonLength) break;
      length += size;
      count++;
    }
    return waiting.splice(0, count);
  }

  function pump(): void {
    isPumpScheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = takeGroup();
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
      const json = serializeGroupedEntry(stampJournalEntry(entry, fence));
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

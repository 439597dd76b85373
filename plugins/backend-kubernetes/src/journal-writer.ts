/**
 * Appends to a release's state journal as Secrets, one per group of entries appended together,
 * each created with a `POST` that fails over an existing name, so two writers can never overwrite
 * each other's entries. The fence is checked before every group. An `append` resolves once the API
 * server has stored the group holding its entry, so a killed process loses only entries it was
 * never told were saved.
 *
 * Group commit: entries appended while earlier groups are in flight go out together (cut at
 * `MAX_GROUP_JSON_BYTES`, so a group stays far below the Secret size limit), a few groups in
 * flight at once. Replay follows the sequence; a later group may land before an earlier one, which
 * is safe because the engine awaits an entry before recording anything that depends on it.
 */
import { serializeGroupedEntry, stampJournalEntry } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal, StateJournalEntry } from '@kusion/sdk';
import type { NamespaceObjects } from './client/namespace-objects.js';
import type { FenceCheck } from './fence.js';
import type { ReleaseKey } from './layout.js';
import { journalGroupSecret } from './release-objects.js';

export interface JournalWriterOptions {
  readonly objects: NamespaceObjects;
  readonly key: ReleaseKey;
  readonly revision: number;
  /** The first unused sequence number (after the groups already written). */
  readonly firstSequence: number;
  /** Entries are stored with its generation, and it is checked before every group is written. */
  readonly fence: LockFence;
  readonly checkFence: FenceCheck;
}

interface Waiting {
  readonly json: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const MAX_IN_FLIGHT = 4;
/** Uncompressed JSON per group: gzip brings it well under the 1 MiB a Secret may hold. */
export const MAX_GROUP_JSON_BYTES = 768 * 1024;

export function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { objects, fence } = options;
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
      const secret = journalGroupSecret(
        options.key,
        options.revision,
        sequence,
        fence.generation,
        batch.map((entry) => entry.json),
      );
      await options.checkFence(fence);
      const created = await objects.create('secrets', secret);
      if (created === 'exists') {
        throw new KusionError(
          'STATE_CONFLICT',
          `another process is writing the state journal: ${objects.describe('secrets', secret.metadata.name)} already exists`,
          {
            hint: 'Two runs are applying the same release; stop this one and check who holds the workspace lock.',
          },
        );
      }
      for (const entry of batch) entry.resolve();
    } catch (error) {
      failure ??= isKusionError(error)
        ? error
        : new KusionError('BACKEND_FAILED', error instanceof Error ? error.message : String(error));
      for (const entry of batch) entry.reject(failure);
    }
  }

  /** The entries of the next group: at least one, then as many as fit. */
  function takeGroup(): Waiting[] {
    let bytes = 0;
    let count = 0;
    while (count < waiting.length) {
      const size = waiting[count]?.json.length ?? 0;
      if (count > 0 && bytes + size > MAX_GROUP_JSON_BYTES) break;
      bytes += size;
      count++;
    }
    return waiting.splice(0, count);
  }

  function pump(): void {
    isPumpScheduled = false;
    while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
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

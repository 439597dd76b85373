/**
 * Appends to a release's state journal as Secrets, one per group of entries appended together
 * (see `createGroupCommitJournal` in @kusion/backend-kit), each created with a `POST` that fails
 * over an existing name, so two writers can never overwrite each other's entries. The fence is
 * checked before every group. Groups are cut at `MAX_GROUP_JSON_BYTES`, so one stays far below
 * the Secret size limit.
 */
import { createGroupCommitJournal } from '@kusion/backend-kit';
import type { FenceCheck } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal } from '@kusion/sdk';
import type { NamespaceObjects } from './client/namespace-objects.js';
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

const MAX_IN_FLIGHT = 4;
/** Uncompressed JSON per group: gzip brings it well under the 1 MiB a Secret may hold. */
export const MAX_GROUP_JSON_BYTES = 768 * 1024;

export function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { objects, fence } = options;
  return createGroupCommitJournal({
    fence,
    firstSequence: options.firstSequence,
    maxInFlight: MAX_IN_FLIGHT,
    maxGroupJsonLength: MAX_GROUP_JSON_BYTES,
    async writeGroup(entries, sequence) {
      try {
        const secret = journalGroupSecret(
          options.key,
          options.revision,
          sequence,
          fence.generation,
          entries,
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
      } catch (error) {
        // The API client's own failures reach the run as coded errors.
        if (isKusionError(error)) throw error;
        throw new KusionError(
          'BACKEND_FAILED',
          error instanceof Error ? error.message : String(error),
        );
      }
    },
  });
}

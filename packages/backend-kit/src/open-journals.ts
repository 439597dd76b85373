/**
 * The journals one backend instance (one process) has open, by a key naming each journal in
 * storage. A second `openJournal` of the same release is refused, and `update` folds a journal only
 * once it is closed, so no append can land in a journal that is being folded away.
 */
import { KusionError } from '@kusion/sdk';
import type { ReleaseScope, StateJournal } from '@kusion/sdk';
import { describeReleaseScope } from './release-errors.js';

export interface OpenJournalRequest {
  /** Names the journal in storage: its file or folder. */
  readonly key: string;
  readonly scope: ReleaseScope;
  readonly revision: number;
  /** Checks the release exists and opens the storage's writer. */
  readonly openWriter: () => Promise<StateJournal>;
}

export interface OpenJournals {
  /** Opens a journal through `openWriter`; its `close` forgets it once the writer has closed. */
  open(request: OpenJournalRequest): Promise<StateJournal>;
  /** Whether the journal is open and not closing: `update` must then leave it for later. */
  isOpen(key: string): boolean;
  /** Resolves once a journal that is closing has closed, failed or not; at once otherwise. */
  untilClosed(key: string): Promise<void>;
}

export function createOpenJournals(): OpenJournals {
  /** `open`, or the promise of the journal's closing. */
  const journals = new Map<string, 'open' | Promise<void>>();

  return {
    async open({ key, scope, revision, openWriter }) {
      if (journals.has(key)) {
        throw new KusionError(
          'INVALID_ARGUMENT',
          `the journal of release ${revision} of ${describeReleaseScope(scope)} is already open`,
          { hint: 'Close the open journal before opening it again.' },
        );
      }
      journals.set(key, 'open');
      let writer: StateJournal;
      try {
        writer = await openWriter();
      } catch (error) {
        journals.delete(key);
        throw error;
      }
      let closing: Promise<void> | undefined;
      return {
        append: (entry) => writer.append(entry),
        close: () => {
          if (closing === undefined) {
            closing = writer.close().finally(() => journals.delete(key));
            journals.set(key, closing);
          }
          return closing;
        },
      };
    },

    isOpen: (key) => journals.get(key) === 'open',

    async untilClosed(key) {
      const status = journals.get(key);
      // Even a failed close (an fsync error, a group S3 refused) has finished writing.
      if (status instanceof Promise) await status.catch(() => undefined);
    },
  };
}

/**
 * Releases as one JSON file per revision, plus an append-only journal while a release applies.
 * Creating a revision is a compare-and-swap (create-if-absent), so two racing runs cannot both
 * record revision N. Every write is fenced (see fence-check.ts): creates and updates run under the
 * lock guard after checking the writer still holds the lock, and an update replaces only a record
 * its generation may replace.
 */
import { readdir } from 'node:fs/promises';
import {
  assertReleaseWritable,
  assertRevision,
  createOpenJournals,
  parseJournalLines,
  parseRelease,
  releaseExistsError,
  releaseNotFoundError,
  releaseRevisions,
  serializeRelease,
  stampRelease,
  summarizeRelease,
  withJournalReplayed,
} from '@kusion/backend-kit';
import type { KusionReleaseReader, StoredJournalEntry } from '@kusion/backend-kit';
import type { Release, ReleaseScope, ReleaseStore } from '@kusion/sdk';
import {
  createFileExclusive,
  fileExists,
  hasErrorCode,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from './atomic-file.js';
import type { FenceCheck } from './fence-check.js';
import { openJournalWriter } from './journal-writer.js';
import { listReleaseScopes } from './release-scopes.js';
import { placeOf } from './local-layout.js';
import type { LocalLayout } from './local-layout.js';
import { removeAbandonedTemporaries } from './temporary-files.js';

/** Release files are indented: a user debugging a failed run opens them in an editor. */
const serialize = (release: Release): string => serializeRelease(release, { isIndented: true });

/** The entries of a journal file's text; none when the file is missing or empty. */
function journalEntries(
  text: string | undefined,
  journalFile: string,
): readonly StoredJournalEntry[] {
  if (text === undefined || text === '') return [];
  return parseJournalLines(text, placeOf(journalFile)).entries;
}

/**
 * Our releases. `kusion` only adds the stacks KusionStack Kusion recorded to `scopes`; its
 * releases join ours through `withKusionReleases` (see local-backend.ts).
 */
export function createLocalReleaseStore(
  layout: LocalLayout,
  fences: FenceCheck,
  kusion?: KusionReleaseReader,
): ReleaseStore {
  /** Journals of this process, by file. */
  const journals = createOpenJournals();

  async function revisions(scope: ReleaseScope): Promise<number[]> {
    try {
      return releaseRevisions(await readdir(layout.releaseDirectory(scope)));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return [];
      throw error;
    }
  }

  async function get(scope: ReleaseScope, revision: number): Promise<Release | undefined> {
    const file = layout.releaseFile(scope, revision);
    const journalFile = layout.journalFile(scope, revision);
    // Journal first: `update` writes the folded release before deleting the journal, so we
    // either replay the journal onto the release it belongs to or onto one that already holds it
    // (replay is idempotent).
    const journalText = await readTextIfExists(journalFile);
    const text = await readTextIfExists(file);
    if (text === undefined) return undefined;
    const release = parseRelease(text, placeOf(file), { ...scope, revision });
    return withJournalReplayed(release, journalEntries(journalText, journalFile));
  }

  return {
    get,

    async latest(scope) {
      const newest = (await revisions(scope)).at(-1);
      return newest === undefined ? undefined : get(scope, newest);
    },

    async list(scope) {
      const summaries = [];
      for (const revision of await revisions(scope)) {
        const release = await get(scope, revision);
        if (release) summaries.push(summarizeRelease(release));
      }
      return summaries;
    },

    async create(release, { fence }) {
      const file = layout.releaseFile(release, assertRevision(release.revision));
      await fences.withFence(fence, async () => {
        // Temporary files of writers killed in this folder: nothing else removes them.
        await removeAbandonedTemporaries(layout.releaseDirectory(release));
        if (!(await createFileExclusive(file, serialize(stampRelease(release, fence))))) {
          throw releaseExistsError(release, release.revision);
        }
        // The revision is ours now, so a journal already there is a leftover of a release file
        // deleted by hand; replaying it onto this release would be wrong.
        await removeFile(layout.journalFile(release, release.revision));
      });
    },

    async update(release, { fence }) {
      const file = layout.releaseFile(release, assertRevision(release.revision));
      const journalFile = layout.journalFile(release, release.revision);
      const isJournalOpen = journals.isOpen(journalFile);
      // Closing: let it finish first (even if its fsync failed, the entries are in the file);
      // its appends check the fence, so it must not wait for us holding the guard.
      if (!isJournalOpen) await journals.untilClosed(journalFile);
      await fences.withFence(fence, async () => {
        const text = await readTextIfExists(file);
        if (text === undefined) throw releaseNotFoundError(release, release.revision);
        const stored = parseRelease(text, placeOf(file), release);
        assertReleaseWritable(stored, fence, release);
        if (isJournalOpen) {
          // Still being appended to: replace the release and keep the journal, which reads keep
          // replaying on top of it and the update after `close` folds in.
          await writeFileAtomic(file, serialize(stampRelease(release, fence)));
          return;
        }
        // Fold what a read of the stored record replays. The folded release is durable before
        // the journal goes; a crash in between only means the journal is replayed again onto a
        // state that already holds it.
        const entries = journalEntries(await readTextIfExists(journalFile), journalFile);
        const { lockGeneration: _ignored, ...written } = release;
        const asStored =
          stored.lockGeneration === undefined
            ? written
            : { ...written, lockGeneration: stored.lockGeneration };
        const folded = withJournalReplayed(asStored, entries);
        await writeFileAtomic(file, serialize(stampRelease(folded, fence)));
        await removeFile(journalFile);
      });
    },

    scopes: (filter) => listReleaseScopes(layout.home, kusion, filter),

    async openJournal(scope, revision, { fence }) {
      const file = layout.releaseFile(scope, revision);
      const journalFile = layout.journalFile(scope, revision);
      return journals.open({
        key: journalFile,
        scope,
        revision,
        openWriter: async () => {
          if (!(await fileExists(file))) throw releaseNotFoundError(scope, revision);
          return openJournalWriter(journalFile, fence, fences.journalCheck(fence));
        },
      });
    },
  };
}

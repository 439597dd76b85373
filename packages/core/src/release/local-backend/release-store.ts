/**
 * Releases as one JSON file per revision, plus an append-only journal while a release applies.
 * Creating a revision is a compare-and-swap (create-if-absent), so two racing runs cannot both
 * record revision N.
 */
import { readdir } from 'node:fs/promises';
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseStore, StateJournal } from '@kusion/sdk';
import {
  createFileExclusive,
  fileExists,
  hasErrorCode,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from './atomic-file.js';
import { parseJournal, replayJournal } from './journal-codec.js';
import { openJournalWriter } from './journal-writer.js';
import { RELEASE_FILE_PATTERN } from './local-layout.js';
import type { LocalLayout } from './local-layout.js';
import { assertRevision } from './path-segment.js';
import { parseRelease, serializeRelease, summarizeRelease } from './release-codec.js';

const describe = (scope: ReleaseScope): string =>
  `project "${scope.project}", workspace "${scope.workspace}", stack "${scope.stack}"`;

/** A release's own scope, so a Release object can be used where a ReleaseScope is expected. */
const scopeOf = ({ project, stack, workspace }: ReleaseScope): ReleaseScope => ({
  project,
  stack,
  workspace,
});

export function createLocalReleaseStore(layout: LocalLayout): ReleaseStore {
  /**
   * Journals of this process: `open`, or the promise of their closing. `update` folds a journal
   * only once it is closed, so no append can land in a journal that is being deleted.
   */
  const journals = new Map<string, 'open' | Promise<void>>();

  async function revisions(scope: ReleaseScope): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(layout.releaseDirectory(scope));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return [];
      throw error;
    }
    return entries
      .map((entry) => RELEASE_FILE_PATTERN.exec(entry)?.[1])
      .filter((revision) => revision !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
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
    const release = parseRelease(text, file, { ...scopeOf(scope), revision });
    if (journalText === undefined || journalText === '') return release;
    const { entries } = parseJournal(journalText, journalFile);
    return { ...release, state: { resources: replayJournal(release.state.resources, entries) } };
  }

  function notFound(scope: ReleaseScope, revision: number): KusionError {
    return new KusionError(
      'RELEASE_NOT_FOUND',
      `release ${revision} of ${describe(scope)} does not exist`,
      { hint: 'Create the release first, or list existing ones with `kusion release list`.' },
    );
  }

  /** Writes `release` with the journal's entries folded into its state. */
  async function writeFolded(release: Release, journalFile: string): Promise<void> {
    const file = layout.releaseFile(release, release.revision);
    const journalText = await readTextIfExists(journalFile);
    const folded =
      journalText === undefined || journalText === ''
        ? release
        : {
            ...release,
            state: {
              resources: replayJournal(
                release.state.resources,
                parseJournal(journalText, journalFile).entries,
              ),
            },
          };
    await writeFileAtomic(file, serializeRelease(folded));
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

    async create(release) {
      const file = layout.releaseFile(release, assertRevision(release.revision));
      if (!(await createFileExclusive(file, serializeRelease(release)))) {
        throw new KusionError(
          'STATE_CONFLICT',
          `release ${release.revision} of ${describe(release)} already exists: another run recorded it first`,
          {
            hint: 'Wait for the other run to finish, then retry: the next run reads the latest release and takes the next revision.',
          },
        );
      }
      // The revision is ours now, so a journal already there is a leftover of a release file
      // deleted by hand; replaying it onto this release would be wrong.
      await removeFile(layout.journalFile(release, release.revision));
    },

    async update(release) {
      const file = layout.releaseFile(release, assertRevision(release.revision));
      const journalFile = layout.journalFile(release, release.revision);
      if (!(await fileExists(file))) throw notFound(release, release.revision);
      const status = journals.get(journalFile);
      if (status === 'open') {
        // Still being appended to: replace the release and keep the journal, which reads keep
        // replaying on top of it and the update after `close` folds in.
        await writeFileAtomic(file, serializeRelease(release));
        return;
      }
      // Closing: let it finish (even if its fsync failed, the entries are in the file).
      if (status) await status.catch(() => undefined);
      // The folded release is durable before the journal goes; a crash in between only means
      // the journal is replayed again onto a state that already holds it.
      await writeFolded(release, journalFile);
      await removeFile(journalFile);
    },

    async openJournal(scope, revision): Promise<StateJournal> {
      const file = layout.releaseFile(scope, revision);
      const journalFile = layout.journalFile(scope, revision);
      if (!(await fileExists(file))) throw notFound(scope, revision);
      if (journals.has(journalFile)) {
        throw new KusionError(
          'INVALID_ARGUMENT',
          `the journal of release ${revision} of ${describe(scope)} is already open`,
          { hint: 'Close the open journal before opening it again.' },
        );
      }
      journals.set(journalFile, 'open');
      let writer: StateJournal;
      try {
        writer = await openJournalWriter(journalFile);
      } catch (error) {
        journals.delete(journalFile);
        throw error;
      }
      let closing: Promise<void> | undefined;
      return {
        append: (entry) => writer.append(entry),
        close: () => {
          if (closing === undefined) {
            closing = writer.close().finally(() => journals.delete(journalFile));
            journals.set(journalFile, closing);
          }
          return closing;
        },
      };
    },
  };
}

/**
 * Releases as one JSON object per revision, plus a journal of small objects while a release
 * applies. Creating a revision is a compare-and-swap (`If-None-Match: *`): exactly one of racing
 * runs records revision N. Replacing one is conditional on the ETag this process last read or
 * wrote (`If-Match`), so two processes never silently overwrite each other.
 */
import { KusionError } from '@kusion/sdk';
import type {
  Release,
  ReleaseScope,
  ReleaseStore,
  ReleaseSummary,
  StateJournal,
} from '@kusion/sdk';
import { mapConcurrently } from './concurrency.js';
import { replayJournal } from './journal-codec.js';
import { createJournalWriter } from './journal-writer.js';
import type { S3Layout } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { assertRevision } from './path-segment.js';
import {
  parseRelease,
  parseSummary,
  serializeRelease,
  serializeSummary,
  summarizeRelease,
} from './release-codec.js';
import { listReleaseFolder, READ_CONCURRENCY, readJournal } from './release-objects.js';

const describe = (scope: ReleaseScope): string =>
  `project "${scope.project}", workspace "${scope.workspace}", stack "${scope.stack}"`;

/** A release's own scope, so a Release object can be used where a ReleaseScope is expected. */
const scopeOf = ({ project, stack, workspace }: ReleaseScope): ReleaseScope => ({
  project,
  stack,
  workspace,
});

function notFound(scope: ReleaseScope, revision: number): KusionError {
  return new KusionError(
    'RELEASE_NOT_FOUND',
    `release ${revision} of ${describe(scope)} does not exist`,
    { hint: 'Create the release first, or list existing ones with `kusion release list`.' },
  );
}

export function createS3ReleaseStore(store: ObjectStore, layout: S3Layout): ReleaseStore {
  /** Release key → the ETag this process last read or wrote: what `update` must still find. */
  const etags = new Map<string, string>();
  /** Journals of this process by folder: `open`, or the promise of their closing. */
  const journals = new Map<string, 'open' | Promise<void>>();
  /**
   * Journal groups this process wrote or read, by key: the folding `update` downloads only the
   * others. Safe because that update is conditional on the release's ETag, which any other
   * process's fold (the only way group keys get reused) changes.
   */
  const groupBodies = new Map<string, string>();
  const remember = (key: string, body: string): void => {
    groupBodies.set(key, body);
  };
  const forget = (keys: readonly string[]): void => {
    for (const key of keys) groupBodies.delete(key);
  };

  /** Reads a release, replaying its journal when `hasJournal` (unknown: look). */
  async function read(
    scope: ReleaseScope,
    revision: number,
    hasJournal = true,
  ): Promise<Release | undefined> {
    const key = layout.releaseKey(scope, revision);
    // Journal first: `update` writes the folded release before deleting the journal, so we either
    // replay the journal onto the release it belongs to or onto one that already holds it
    // (replay is idempotent); a group vanishing mid-read means the release we read next is folded.
    const journal = hasJournal
      ? await readJournal(store, layout, scope, revision, { onRead: remember })
      : undefined;
    const object = await store.get(key);
    if (object === undefined) return undefined;
    const release = parseRelease(object.body, store.describe(key), { ...scopeOf(scope), revision });
    etags.set(key, object.etag);
    if (journal === undefined || journal.entries.length === 0) return release;
    return {
      ...release,
      state: { resources: replayJournal(release.state.resources, journal.entries) },
    };
  }

  /** The summary cache is advisory: `list` checks each against its release's ETag and rebuilds it. */
  async function writeSummary(release: Release, releaseEtag: string): Promise<void> {
    const key = layout.summaryKey(release, release.revision);
    await store
      .put(key, serializeSummary(summarizeRelease(release), releaseEtag))
      .catch(() => undefined);
  }

  /** Replaces the release object if it is still the one this process last saw. */
  async function replace(release: Release): Promise<void> {
    const key = layout.releaseKey(release, release.revision);
    // Never read or written here: take the current one (the update is then only as safe as a
    // read-then-write, but still never lands on top of a concurrent replace).
    const etag = etags.get(key) ?? (await store.etagOf(key));
    if (etag === undefined) throw notFound(release, release.revision);
    const outcome = await store.put(key, serializeRelease(release), { ifMatch: etag });
    if ('conflict' in outcome) {
      if (outcome.conflict === 'missing') throw notFound(release, release.revision);
      throw new KusionError(
        'STATE_CONFLICT',
        `release ${release.revision} of ${describe(release)} was changed by another process since this one read it`,
        {
          hint: 'Another run wrote this release meanwhile; check `kusion release list` and who holds the workspace lock, then run the command again.',
        },
      );
    }
    etags.set(key, outcome.etag);
    await writeSummary(release, outcome.etag);
  }

  async function summarize(
    scope: ReleaseScope,
    revision: number,
    releaseEtag: string,
    hasSummary: boolean,
    hasJournal: boolean,
  ): Promise<ReleaseSummary | undefined> {
    const expected = { ...scopeOf(scope), revision };
    if (hasSummary && !hasJournal) {
      const cached = await store.get(layout.summaryKey(scope, revision));
      const summary = cached && parseSummary(cached.body, releaseEtag, expected);
      if (summary) return summary;
    }
    const release = await read(scope, revision, hasJournal);
    if (release === undefined) return undefined;
    const summary = summarizeRelease(release);
    const etag = etags.get(layout.releaseKey(scope, revision));
    // Rebuild a missing or stale cache entry (not one that includes journal entries).
    if (!hasJournal && etag !== undefined) await writeSummary(release, etag);
    return summary;
  }

  return {
    get: (scope, revision) => read(scope, assertRevision(revision)),

    async latest(scope) {
      const folder = await listReleaseFolder(store, layout, scope);
      const newest = [...folder.releases.keys()].at(-1);
      return newest === undefined ? undefined : read(scope, newest, folder.journals.has(newest));
    },

    async list(scope) {
      const folder = await listReleaseFolder(store, layout, scope);
      const summaries = await mapConcurrently(
        [...folder.releases],
        READ_CONCURRENCY,
        ([revision, etag]) =>
          summarize(
            scope,
            revision,
            etag,
            folder.summaries.has(revision),
            folder.journals.has(revision),
          ),
      );
      return summaries.filter((summary) => summary !== undefined);
    },

    async create(release) {
      const key = layout.releaseKey(release, assertRevision(release.revision));
      const outcome = await store.put(key, serializeRelease(release), { ifNoneMatch: '*' });
      if ('conflict' in outcome) {
        throw new KusionError(
          'STATE_CONFLICT',
          `release ${release.revision} of ${describe(release)} already exists: another run recorded it first`,
          {
            hint: 'Wait for the other run to finish, then retry: the next run reads the latest release and takes the next revision.',
          },
        );
      }
      etags.set(key, outcome.etag);
      // The revision is ours now, so journal groups already there are leftovers of a release
      // deleted by hand; replaying them onto this release would be wrong.
      const leftovers = async (): Promise<void> => {
        const journal = await readJournal(store, layout, release, release.revision, {
          isListingOnly: true,
        });
        if (journal?.keys.length) {
          await store.deleteMany(journal.keys);
          forget(journal.keys);
        }
      };
      await Promise.all([writeSummary(release, outcome.etag), leftovers()]);
    },

    async update(release) {
      const folder = layout.journalFolder(release, assertRevision(release.revision));
      const status = journals.get(folder);
      if (status === 'open') {
        // Still being appended to: replace the release and keep the journal, which reads keep
        // replaying on top of it and the update after `close` folds in.
        await replace(release);
        return;
      }
      // Closing: let it finish (a failed group never reached S3, so there is nothing to wait for).
      if (status) await status.catch(() => undefined);
      const journal = await readJournal(store, layout, release, release.revision, {
        known: groupBodies,
      });
      if (journal === undefined) {
        throw new KusionError(
          'STATE_CONFLICT',
          `the journal of release ${release.revision} of ${describe(release)} was folded by another process meanwhile`,
          { hint: 'Another run is working on this release; check who holds the workspace lock.' },
        );
      }
      const folded = journal.entries.length
        ? {
            ...release,
            state: { resources: replayJournal(release.state.resources, journal.entries) },
          }
        : release;
      // The folded release is in S3 before the journal goes; a crash in between only means the
      // journal is replayed again onto a state that already holds it.
      await replace(folded);
      await store.deleteMany(journal.keys);
      forget(journal.keys);
    },

    async openJournal(scope, revision): Promise<StateJournal> {
      const folder = layout.journalFolder(scope, assertRevision(revision));
      if (journals.has(folder)) {
        throw new KusionError(
          'INVALID_ARGUMENT',
          `the journal of release ${revision} of ${describe(scope)} is already open`,
          { hint: 'Close the open journal before opening it again.' },
        );
      }
      journals.set(folder, 'open');
      let nextSequence: number;
      try {
        const [etag, existing] = await Promise.all([
          store.etagOf(layout.releaseKey(scope, revision)),
          readJournal(store, layout, scope, revision, { isListingOnly: true }),
        ]);
        if (etag === undefined) throw notFound(scope, revision);
        nextSequence = existing?.nextSequence ?? 1;
      } catch (error) {
        journals.delete(folder);
        throw error;
      }
      const writer = createJournalWriter({
        store,
        keyOf: (sequence) => layout.journalEntryKey(scope, revision, sequence),
        firstSequence: nextSequence,
        onWritten: remember,
      });
      let closing: Promise<void> | undefined;
      return {
        append: (entry) => writer.append(entry),
        close: () => {
          if (closing === undefined) {
            closing = writer.close().finally(() => journals.delete(folder));
            journals.set(folder, closing);
          }
          return closing;
        },
      };
    },
  };
}

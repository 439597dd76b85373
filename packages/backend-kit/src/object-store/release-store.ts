/**
 * Releases as one JSON object per revision, plus a journal of small objects while a release
 * applies. Creating a revision is a compare-and-swap (`If-None-Match: *`): exactly one of racing
 * runs records revision N. Replacing one is conditional on the ETag this process last read or
 * wrote (`If-Match`), so two processes never silently overwrite each other. Every write is fenced
 * (the backend's `FenceCheck`) and replaces only a record its lock generation may replace.
 */
import { KusionError } from '@kusion/sdk';
import type { LockFence, Release, ReleaseScope, ReleaseStore, ReleaseSummary } from '@kusion/sdk';
import { assertReleaseWritable, stampRelease } from '../fencing.js';
import type { FenceCheck } from '../fencing.js';
import { withJournalReplayed } from '../journal-replay.js';
import { createOpenJournals } from '../open-journals.js';
import { assertRevision } from '../path-segment.js';
import { parseRelease, serializeRelease, summarizeRelease } from '../release-codec.js';
import {
  describeReleaseScope,
  releaseExistsError,
  releaseNotFoundError,
} from '../release-errors.js';
import { createJournalWriter } from './journal-writer.js';
import type { ObjectLayout } from './layout.js';
import { mapConcurrently } from './map-concurrently.js';
import { placeOf } from './object-store.js';
import type { ObjectStore } from './object-store.js';
import { listReleaseFolder, READ_CONCURRENCY, readJournal } from './release-objects.js';
import { parseSummary, serializeSummary } from './summary-codec.js';

export function createObjectReleaseStore(
  store: ObjectStore,
  layout: ObjectLayout,
  checkFence: FenceCheck,
): ReleaseStore {
  /**
   * Release key → the ETag this process last read or wrote (what `update` must still find), and
   * the lock generation that record was written under.
   */
  const etags = new Map<
    string,
    { readonly etag: string; readonly generation: number | undefined }
  >();
  /** Journals of this process, by folder. */
  const journals = createOpenJournals();
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
    const release = parseRelease(object.body, placeOf(store, key), { ...scope, revision });
    etags.set(key, { etag: object.etag, generation: release.lockGeneration });
    return withJournalReplayed(release, journal?.entries ?? []);
  }

  /** The ETag and generation of the stored release this process last saw, reading it if need be. */
  async function storedVersion(
    release: Release,
  ): Promise<{ readonly etag: string; readonly generation: number | undefined }> {
    const key = layout.releaseKey(release, release.revision);
    const known = etags.get(key);
    if (known) return known;
    const object = await store.get(key);
    if (object === undefined) throw releaseNotFoundError(release, release.revision);
    const stored = parseRelease(object.body, placeOf(store, key), release);
    const version = { etag: object.etag, generation: stored.lockGeneration };
    etags.set(key, version);
    return version;
  }

  /** The summary cache is advisory: `list` checks each against its release's ETag and rebuilds it. */
  async function writeSummary(release: Release, releaseEtag: string): Promise<void> {
    const key = layout.summaryKey(release, release.revision);
    await store
      .put(key, serializeSummary(summarizeRelease(release), releaseEtag))
      .catch(() => undefined);
  }

  /**
   * Replaces the release object, stamped with the fence's generation, if it is still the one this
   * process last saw (`etag`).
   */
  async function replace(release: Release, fence: LockFence, etag: string): Promise<void> {
    const key = layout.releaseKey(release, release.revision);
    const stamped = stampRelease(release, fence);
    const outcome = await store.put(key, serializeRelease(stamped), { ifMatch: etag });
    if ('conflict' in outcome) {
      if (outcome.conflict === 'missing') throw releaseNotFoundError(release, release.revision);
      throw new KusionError(
        'STATE_CONFLICT',
        `release ${release.revision} of ${describeReleaseScope(release)} was changed by another process since this one read it`,
        {
          hint: 'Another run wrote this release meanwhile; check `kusion release list` and who holds the workspace lock, then run the command again.',
        },
      );
    }
    etags.set(key, { etag: outcome.etag, generation: fence.generation });
    await writeSummary(stamped, outcome.etag);
  }

  async function summarize(
    scope: ReleaseScope,
    revision: number,
    releaseEtag: string,
    hasSummary: boolean,
    hasJournal: boolean,
  ): Promise<ReleaseSummary | undefined> {
    const expected = { ...scope, revision };
    if (hasSummary && !hasJournal) {
      const cached = await store.get(layout.summaryKey(scope, revision));
      const summary = cached && parseSummary(cached.body, releaseEtag, expected);
      if (summary) return summary;
    }
    const release = await read(scope, revision, hasJournal);
    if (release === undefined) return undefined;
    const summary = summarizeRelease(release);
    const etag = etags.get(layout.releaseKey(scope, revision))?.etag;
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

    async create(release, { fence }) {
      const key = layout.releaseKey(release, assertRevision(release.revision));
      await checkFence(fence);
      const stamped = stampRelease(release, fence);
      const outcome = await store.put(key, serializeRelease(stamped), { ifNoneMatch: '*' });
      if ('conflict' in outcome) throw releaseExistsError(release, release.revision);
      etags.set(key, { etag: outcome.etag, generation: fence.generation });
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
      await Promise.all([writeSummary(stamped, outcome.etag), leftovers()]);
    },

    async update(release, { fence }) {
      const folder = layout.journalFolder(release, assertRevision(release.revision));
      await checkFence(fence);
      const stored = await storedVersion(release);
      assertReleaseWritable({ lockGeneration: stored.generation }, fence, release);
      if (journals.isOpen(folder)) {
        // Still being appended to: replace the release and keep the journal, which reads keep
        // replaying on top of it and the update after `close` folds in.
        await replace(release, fence, stored.etag);
        return;
      }
      // Closing: let it finish (a failed group never reached the store: nothing to wait for).
      await journals.untilClosed(folder);
      const journal = await readJournal(store, layout, release, release.revision, {
        known: groupBodies,
      });
      if (journal === undefined) {
        throw new KusionError(
          'STATE_CONFLICT',
          `the journal of release ${release.revision} of ${describeReleaseScope(release)} was folded by another process meanwhile`,
          { hint: 'Another run is working on this release; check who holds the workspace lock.' },
        );
      }
      // Fold what a read of the stored record replays: entries of its generation or newer.
      const { lockGeneration: _written, ...rest } = release;
      const asStored =
        stored.generation === undefined ? rest : { ...rest, lockGeneration: stored.generation };
      const folded = withJournalReplayed(asStored, journal.entries);
      // The folded release is stored before the journal goes; a crash in between only means the
      // journal is replayed again onto a state that already holds it.
      await replace(folded, fence, stored.etag);
      await store.deleteMany(journal.keys);
      forget(journal.keys);
    },

    async openJournal(scope, revision, { fence }) {
      const folder = layout.journalFolder(scope, assertRevision(revision));
      return journals.open({
        key: folder,
        scope,
        revision,
        openWriter: async () => {
          const [etag, existing] = await Promise.all([
            store.etagOf(layout.releaseKey(scope, revision)),
            readJournal(store, layout, scope, revision, { isListingOnly: true }),
          ]);
          if (etag === undefined) throw releaseNotFoundError(scope, revision);
          return createJournalWriter({
            store,
            keyOf: (sequence) => layout.journalEntryKey(scope, revision, sequence),
            firstSequence: existing?.nextSequence ?? 1,
            onWritten: remember,
            fence,
            checkFence,
          });
        },
      });
    },
  };
}

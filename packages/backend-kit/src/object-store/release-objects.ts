/**
 * Reading what a release folder holds without downloading every release: one listing names the
 * releases (with their ETags), their summaries and their journals; a journal's groups are fetched
 * in parallel and returned in replay order.
 */
import type { ReleaseScope, StateJournalEntry } from '@kusion/sdk';
import { parseJournalGroup } from '../journal-groups.js';
import { revisionOfReleaseName } from '../release-names.js';
import { JOURNAL_ENTRY_NAME, JOURNAL_FOLDER_NAME, SUMMARY_NAME } from './layout.js';
import type { ObjectLayout } from './layout.js';
import { mapConcurrently } from './map-concurrently.js';
import { placeOf } from './object-store.js';
import type { ObjectStore } from './object-store.js';

/** Parallel GETs per read: enough to hide latency, few enough not to be throttled. */
export const READ_CONCURRENCY = 32;

export interface ReleaseFolder {
  /** Revision → ETag of its release object, oldest first. */
  readonly releases: ReadonlyMap<number, string>;
  readonly summaries: ReadonlySet<number>;
  /** Revisions with journal groups not yet folded in. */
  readonly journals: ReadonlySet<number>;
}

export async function listReleaseFolder(
  store: ObjectStore,
  layout: ObjectLayout,
  scope: ReleaseScope,
): Promise<ReleaseFolder> {
  const { objects, folders } = await store.list(layout.releaseFolder(scope));
  const releases: [number, string][] = [];
  const summaries = new Set<number>();
  for (const { name, etag } of objects) {
    const revision = revisionOfReleaseName(name);
    if (revision !== undefined) releases.push([revision, etag]);
    const summary = SUMMARY_NAME.exec(name)?.[1];
    if (summary !== undefined) summaries.add(Number(summary));
  }
  const journals = new Set(
    folders.flatMap((folder) => {
      const revision = JOURNAL_FOLDER_NAME.exec(folder)?.[1];
      return revision === undefined ? [] : [Number(revision)];
    }),
  );
  return { releases: new Map(releases.sort(([a], [b]) => a - b)), summaries, journals };
}

export interface JournalContents {
  /** Keys of the groups, in replay order. */
  readonly keys: readonly string[];
  readonly entries: readonly StateJournalEntry[];
  /** The next unused group number. */
  readonly nextSequence: number;
}

export interface ReadJournalOptions {
  /** Only list the groups (`entries` stays empty). */
  readonly isListingOnly?: boolean;
  /** Bodies of groups already known by key (written or read by this process): not downloaded. */
  readonly known?: ReadonlyMap<string, string>;
  /** Told each group body downloaded. */
  readonly onRead?: (key: string, body: string) => void;
}

/**
 * Every group of a release's journal, in order; `undefined` when a listed group vanished while
 * being read, which means an `update` folded the journal into the release meanwhile.
 */
export async function readJournal(
  store: ObjectStore,
  layout: ObjectLayout,
  scope: ReleaseScope,
  revision: number,
  options: ReadJournalOptions = {},
): Promise<JournalContents | undefined> {
  const { objects } = await store.list(layout.journalFolder(scope, revision));
  const sequences = objects
    .map(({ name }) => JOURNAL_ENTRY_NAME.exec(name)?.[1])
    .filter((sequence) => sequence !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const keys = sequences.map((sequence) => layout.journalEntryKey(scope, revision, sequence));
  const nextSequence = (sequences.at(-1) ?? 0) + 1;
  if (options.isListingOnly) return { keys, entries: [], nextSequence };
  const groups = await mapConcurrently(keys, READ_CONCURRENCY, async (key) => {
    let body = options.known?.get(key);
    if (body === undefined) {
      body = (await store.get(key))?.body;
      if (body !== undefined) options.onRead?.(key, body);
    }
    return body === undefined ? undefined : parseJournalGroup(body, placeOf(store, key));
  });
  if (groups.some((group) => group === undefined)) return undefined;
  return { keys, entries: groups.flatMap((group) => group ?? []), nextSequence };
}

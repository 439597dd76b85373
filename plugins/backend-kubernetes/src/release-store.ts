/**
 * Releases as Secrets (see release-objects.ts). Creating a revision is a `POST` that fails over an
 * existing name: exactly one of racing runs records revision N. Replacing one is a `PUT`
 * conditional on the resourceVersion this process last read or wrote, so two processes never
 * silently overwrite each other. Every write is fenced first (fence.ts) and replaces only a record
 * its lock generation may replace.
 */
import {
  assertReleaseWritable,
  assertRevision,
  createOpenJournals,
  describeReleaseScope,
  releaseExistsError,
  releaseNotFoundError,
  stampRelease,
  summarizeRelease,
  withJournalReplayed,
} from '@kusion/backend-kit';
import type { FenceCheck } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { LockFence, Release, ReleaseScope, ReleaseStore, ReleaseSummary } from '@kusion/sdk';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import { createJournalWriter } from './journal-writer.js';
import { releaseKey, releaseName, releaseSelector } from './layout.js';
import type { ReleaseKey } from './layout.js';
import {
  isJournalGroup,
  journalEntries,
  parseReleaseSecret,
  releaseSecret,
  revisionOf,
  sequenceOf,
  summaryOf,
} from './release-objects.js';

interface StoredVersion {
  readonly resourceVersion: string;
  readonly generation: number | undefined;
}

export function createKubernetesReleaseStore(
  objects: NamespaceObjects,
  checkFence: FenceCheck,
): ReleaseStore {
  /** Release Secret name → the version this process last read or wrote (what `update` must find). */
  const versions = new Map<string, StoredVersion>();
  /** Journals of this process, by release Secret name. */
  const journals = createOpenJournals();

  /** A revision's release and journal groups, from one consistent list. */
  async function snapshot(key: ReleaseKey, revision: number, isMetadataOnly = false) {
    const items = await objects.list('secrets', releaseSelector(key, undefined, revision), {
      isMetadataOnly,
    });
    const name = releaseName(key, revision);
    return {
      release: items.find((item) => !isJournalGroup(item) && item.metadata.name === name),
      groups: items.filter(isJournalGroup),
    };
  }

  function remember(object: KubeObject, generation: number | undefined): void {
    const { name, resourceVersion } = object.metadata;
    if (resourceVersion !== undefined) versions.set(name, { resourceVersion, generation });
  }

  async function read(scope: ReleaseScope, revision: number): Promise<Release | undefined> {
    const key = releaseKey(scope);
    const { release: object, groups } = await snapshot(key, assertRevision(revision));
    if (object === undefined) return undefined;
    const release = parseReleaseSecret(objects, object, { ...key.names, revision });
    remember(object, release.lockGeneration);
    return withJournalReplayed(release, journalEntries(objects, groups));
  }

  /** The version of the stored release this process last saw, reading it if need be. */
  async function storedVersion(key: ReleaseKey, release: Release): Promise<StoredVersion> {
    const name = releaseName(key, release.revision);
    const known = versions.get(name);
    if (known) return known;
    const object = await objects.get('secrets', name);
    if (object === undefined) throw releaseNotFoundError(release, release.revision);
    const stored = parseReleaseSecret(objects, object, {
      ...key.names,
      revision: release.revision,
    });
    remember(object, stored.lockGeneration);
    const version = versions.get(name);
    if (!version) throw releaseNotFoundError(release, release.revision);
    return version;
  }

  /** Replaces the release, stamped with the fence's generation, if it is still `version`. */
  async function replace(
    key: ReleaseKey,
    release: Release,
    fence: LockFence,
    version: StoredVersion,
  ): Promise<void> {
    const stamped = stampRelease(release, fence);
    const written = await objects.replace(
      'secrets',
      releaseSecret(key, stamped, version.resourceVersion),
    );
    if (written === 'missing') throw releaseNotFoundError(release, release.revision);
    if (written === 'conflict') {
      versions.delete(releaseName(key, release.revision));
      throw new KusionError(
        'STATE_CONFLICT',
        `release ${release.revision} of ${describeReleaseScope(release)} was changed by another process since this one read it`,
        {
          hint: 'Another run wrote this release meanwhile; check `kusion release list` and who holds the workspace lock, then run the command again.',
        },
      );
    }
    remember(written, fence.generation);
  }

  /** Deletes journal groups by name; one already gone is fine. */
  async function deleteGroups(groups: readonly KubeObject[]): Promise<void> {
    await Promise.all(groups.map((group) => objects.delete('secrets', group.metadata.name)));
  }

  return {
    get: (scope, revision) => read(scope, revision),

    async latest(scope) {
      const key = releaseKey(scope);
      const listed = await objects.list('secrets', releaseSelector(key, 'release'), {
        isMetadataOnly: true,
      });
      const newest = Math.max(0, ...listed.map((item) => revisionOf(item) ?? 0));
      return newest === 0 ? undefined : read(scope, newest);
    },

    async list(scope) {
      const key = releaseKey(scope);
      // Metadata only: each release's summary is in an annotation, unless a journal is open.
      const listed = await objects.list('secrets', releaseSelector(key), { isMetadataOnly: true });
      const withJournal = new Set(listed.filter(isJournalGroup).map(revisionOf));
      const summaries: ReleaseSummary[] = [];
      const releases = listed
        .filter((item) => !isJournalGroup(item))
        .flatMap((item) => {
          const revision = revisionOf(item);
          return revision === undefined ? [] : [{ item, revision }];
        })
        .sort((a, b) => a.revision - b.revision);
      for (const { item, revision } of releases) {
        const expected = { ...key.names, revision };
        const cached = withJournal.has(revision) ? undefined : summaryOf(item, expected);
        if (cached) {
          summaries.push(cached);
          continue;
        }
        const release = await read(scope, revision);
        if (release) summaries.push(summarizeRelease(release));
      }
      return summaries;
    },

    async create(release, { fence }) {
      const key = releaseKey(release);
      const revision = assertRevision(release.revision);
      const stamped = stampRelease(release, fence);
      const secret = releaseSecret(key, stamped);
      await checkFence(fence);
      const created = await objects.create('secrets', secret);
      if (created === 'exists') throw releaseExistsError(release, revision);
      remember(created, fence.generation);
      // The revision is ours now, so journal groups already there are leftovers of a release
      // deleted by hand; replaying them onto this release would be wrong.
      const leftovers = await objects.list('secrets', releaseSelector(key, 'journal', revision), {
        isMetadataOnly: true,
      });
      await deleteGroups(leftovers);
    },

    async update(release, { fence }) {
      const key = releaseKey(release);
      const name = releaseName(key, assertRevision(release.revision));
      await checkFence(fence);
      const stored = await storedVersion(key, release);
      assertReleaseWritable({ lockGeneration: stored.generation }, fence, release);
      if (journals.isOpen(name)) {
        // Still being appended to: replace the release and keep the journal, which reads keep
        // replaying on top of it and the update after `close` folds in.
        await replace(key, release, fence, stored);
        return;
      }
      await journals.untilClosed(name);
      const groups = (await snapshot(key, release.revision)).groups;
      // Fold what a read of the stored record replays: entries of its generation or newer.
      const { lockGeneration: _written, ...rest } = release;
      const asStored =
        stored.generation === undefined ? rest : { ...rest, lockGeneration: stored.generation };
      const folded = withJournalReplayed(asStored, journalEntries(objects, groups));
      // The folded release is stored before the journal goes; a crash in between only means the
      // journal is replayed again onto a state that already holds it.
      await replace(key, folded, fence, stored);
      await deleteGroups(groups);
    },

    async openJournal(scope, revision, { fence }) {
      const key = releaseKey(scope);
      const name = releaseName(key, assertRevision(revision));
      return journals.open({
        key: name,
        scope,
        revision,
        openWriter: async () => {
          const { release, groups } = await snapshot(key, revision, true);
          if (release === undefined) throw releaseNotFoundError(scope, revision);
          return createJournalWriter({
            objects,
            key,
            revision,
            firstSequence: Math.max(0, ...groups.map(sequenceOf)) + 1,
            fence,
            checkFence,
          });
        },
      });
    },
  };
}

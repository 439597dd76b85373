/**
 * KusionStack Kusion's releases beside ours, in any backend that holds both: read in place, never
 * written. The backend supplies the reading (files, objects); what Kusion's records mean, and how
 * they join ours, is here, so every backend shows Kusion's history the same way.
 *
 * - `list`, `get`, `latest` show Kusion's releases of the stack with ours; where both hold a
 *   revision (Kusion wrote one after us), ours wins.
 * - Our revisions continue after Kusion's: `create` refuses any revision Kusion took in the project
 *   and workspace (whatever the stack), as a lost compare-and-swap (`STATE_CONFLICT`).
 * - `update` and `openJournal` reach only our records: a Kusion release is never rewritten (the
 *   engine closes an unfinished release of ours, and shows Kusion's unfinished ones failed).
 */
import { KusionError } from '@kusion/sdk';
import type { ReleaseScope, ReleaseStore, ReleaseSummary, Release } from '@kusion/sdk';
import { KUSION_METADATA_NAME, kusionCorruptError } from './kusion-document.js';
import {
  isKusionRevisionTaken,
  kusionReleaseName,
  kusionStackRevisions,
  kusionStacks,
  parseKusionRelease,
  parseKusionReleasesMetadata,
} from './kusion-release-codec.js';
import type { KusionReleasesMetadata } from './kusion-release-codec.js';
import { summarizeRelease } from './release-codec.js';
import { releaseExistsError } from './release-errors.js';
import type { StoredRecordPlace } from './stored-record.js';

/** Kusion keeps one release folder per project and workspace. */
export type KusionReleaseFolder = Omit<ReleaseScope, 'stack'>;

/** How a backend reads Kusion's release folder: `.metadata.yml` and `<revision>.yaml`. */
export interface KusionReleaseSource {
  /** The text of a file of the folder, or `undefined` when there is none. */
  read(folder: KusionReleaseFolder, name: string): Promise<string | undefined>;
  /** The file, as messages about its damage name it. */
  placeOf(folder: KusionReleaseFolder, name: string): StoredRecordPlace;
}

export interface KusionReleaseReader {
  /** Kusion's revisions of the stack, oldest first. */
  revisions(scope: ReleaseScope): Promise<readonly number[]>;
  /** Whether Kusion recorded the revision in the project and workspace, whatever the stack. */
  isTaken(scope: ReleaseScope, revision: number): Promise<boolean>;
  /** Kusion's release of the stack, in our shape, secrets hashed. */
  get(scope: ReleaseScope, revision: number): Promise<Release | undefined>;
  /** Kusion's releases of the stack, oldest first (one read of its metadata). */
  getAll(scope: ReleaseScope): Promise<readonly Release[]>;
  /** The stacks Kusion recorded releases of in a project and workspace. */
  stacks(folder: KusionReleaseFolder): Promise<readonly string[]>;
}

export function createKusionReleaseReader(source: KusionReleaseSource): KusionReleaseReader {
  async function metadata(
    folder: KusionReleaseFolder,
  ): Promise<KusionReleasesMetadata | undefined> {
    const text = await source.read(folder, KUSION_METADATA_NAME);
    return text === undefined
      ? undefined
      : parseKusionReleasesMetadata(text, source.placeOf(folder, KUSION_METADATA_NAME));
  }

  /** A release the metadata lists: its file missing is damage, as it is for Kusion's `Get`. */
  async function read(scope: ReleaseScope, revision: number): Promise<Release> {
    const name = kusionReleaseName(revision);
    const text = await source.read(scope, name);
    if (text === undefined) {
      throw kusionCorruptError(
        source.placeOf(scope, KUSION_METADATA_NAME),
        `it lists revision ${revision} of stack "${scope.stack}", but ${name} is missing`,
      );
    }
    return parseKusionRelease(text, source.placeOf(scope, name), { ...scope, revision });
  }

  return {
    async revisions(scope) {
      const found = await metadata(scope);
      return found ? kusionStackRevisions(found, scope.stack) : [];
    },
    async isTaken(scope, revision) {
      const found = await metadata(scope);
      return found !== undefined && isKusionRevisionTaken(found, revision);
    },
    async get(scope, revision) {
      const found = await metadata(scope);
      // Kusion's own `Get` answers only revisions its metadata lists.
      if (!found || !kusionStackRevisions(found, scope.stack).includes(revision)) return undefined;
      return read(scope, revision);
    },
    async getAll(scope) {
      const found = await metadata(scope);
      if (!found) return [];
      const revisions = kusionStackRevisions(found, scope.stack);
      return Promise.all(revisions.map((revision) => read(scope, revision)));
    },
    async stacks(folder) {
      const found = await metadata(folder);
      return found ? kusionStacks(found) : [];
    },
  };
}

/**
 * The lost compare-and-swap, saying who won: Kusion. Under the run's lock that means Kusion
 * recorded the revision after this run read the latest, or (Kusion numbering all stacks of a
 * workspace together) that another stack's release took it.
 */
function takenByKusionError(release: Release): KusionError {
  const error = releaseExistsError(release, release.revision);
  return new KusionError(
    error.code,
    `release ${release.revision} of project "${release.project}", workspace "${release.workspace}" was recorded by KusionStack Kusion, which numbers the releases of all stacks of a workspace together`,
    {
      cause: error,
      hint: "Run the command again if Kusion deployed meanwhile. If another stack of this workspace has Kusion releases after this stack's latest one, this stack cannot continue Kusion's numbering: deploy it in a workspace of its own.",
    },
  );
}

/**
 * Both results, read in parallel; when both fail, ours is the failure reported, whichever came
 * first, so a user meets the same message every time (and one about their own records).
 */
async function oursThenKusions<A, B>(ours: Promise<A>, kusions: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([ours, kusions]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** `store` (ours) with Kusion's releases read in place beside it; see the top of this file. */
export function withKusionReleases(store: ReleaseStore, kusion: KusionReleaseReader): ReleaseStore {
  async function get(scope: ReleaseScope, revision: number): Promise<Release | undefined> {
    return (await store.get(scope, revision)) ?? kusion.get(scope, revision);
  }

  return {
    get,

    async latest(scope) {
      const [ours, kusions] = await oursThenKusions(store.latest(scope), kusion.revisions(scope));
      const newest = kusions.at(-1);
      if (newest === undefined || (ours !== undefined && ours.revision >= newest)) return ours;
      return (await kusion.get(scope, newest)) ?? ours;
    },

    async list(scope) {
      const [ours, all] = await oursThenKusions(store.list(scope), kusion.getAll(scope));
      const taken = new Set(ours.map((summary) => summary.revision));
      const theirs = all.filter((release) => !taken.has(release.revision));
      if (!theirs.length) return ours;
      const summaries: ReleaseSummary[] = [...theirs.map(summarizeRelease), ...ours];
      return summaries.sort((a, b) => a.revision - b.revision);
    },

    async create(release, options) {
      if (await kusion.isTaken(release, release.revision)) {
        throw takenByKusionError(release);
      }
      await store.create(release, options);
    },

    update: (release, options) => store.update(release, options),
    openJournal: (scope, revision, options) => store.openJournal(scope, revision, options),
    ...(store.scopes ? { scopes: store.scopes.bind(store) } : {}),
  };
}

/**
 * Backends: where workspaces, releases and locks live. `local` is embedded in the engine; shared
 * backends (S3, PostgreSQL, Kubernetes...) are plugins implementing this interface.
 *
 * Fencing (contract 2.1). A run holds the lock of its project and workspace while it writes state.
 * A lock can be lost while the run still works (it expired while the process was stalled, someone
 * ran `kusion release unlock`, another run took over a lock it judged stale), so every write of a
 * release or a journal entry carries the writer's `LockFence`, and the backend refuses the write
 * with a `LOCKED` error when:
 *
 * 1. the scope's lock is no longer held by `fence.holderId` with `fence.generation` at the moment
 *    of the write (checked in the same transaction or under the same guard as the write where the
 *    storage allows it; immediately before a conditional write where it does not), or
 * 2. the stored release was last written under a newer generation (`Release.lockGeneration`).
 *
 * Release writes are compare-and-swap: `create` only if the revision is absent, `update` only if
 * the stored record is the one the writer's generation may replace, and never on top of a
 * concurrent update (a conditional write on the record's version: an ETag, a resourceVersion, a
 * row version, or a guard around read-compare-write). Journal entries are stored with the
 * generation that wrote them, and a read replays only entries not older than the release's
 * `lockGeneration`: an entry that a fenced-out writer managed to slip in after the new holder
 * folded the journal is ignored. `@kusion/backend-kit` implements these rules
 * (`assertFenceHolds`, `assertReleaseWritable`, `stampJournalEntry`, `withJournalReplayed`); the
 * backend conformance suite proves them.
 */
import type { LockInfo } from './errors.js';
import type { Release, ReleaseScope } from './release.js';
import type { Attributes, ResourceState } from './resource.js';
import type { RolloutStore } from './rollout.js';
import type { KeyStore } from './sealing-key.js';
import type { Workspace } from './workspace.js';

export interface WorkspaceStore {
  get(name: string): Promise<Workspace | undefined>;
  list(): Promise<readonly string[]>;
  /** Fails with `WORKSPACE_EXISTS` when the name is taken. */
  create(workspace: Workspace): Promise<void>;
  /** Fails with `WORKSPACE_NOT_FOUND` when absent. */
  update(workspace: Workspace): Promise<void>;
  /** Fails with `WORKSPACE_NOT_FOUND` when absent. */
  delete(name: string): Promise<void>;
  getCurrent(): Promise<string | undefined>;
  setCurrent(name: string | undefined): Promise<void>;
}

/** One resource operation, recorded the moment it ends. */
export type StateJournalEntry =
  | { readonly op: 'put'; readonly resource: ResourceState }
  | { readonly op: 'delete'; readonly id: string };

/**
 * An append-only record of resource operations during a run, folded into the release at the end.
 * A process killed at any point loses nothing `append` has resolved for.
 */
export interface StateJournal {
  append(entry: StateJournalEntry): Promise<void>;
  /** Makes every entry durable (fsync or equivalent) and closes. */
  close(): Promise<void>;
}

/** A release without its Spec and State, for listings. */
export type ReleaseSummary = Omit<Release, 'spec' | 'state' | 'timings'> & {
  readonly resourceCount: number;
};

/**
 * Proof that the writer holds the lock of `scope`: the holder's id and generation
 * (`LockInfo.id`, `LockInfo.generation`), checked by the backend on every state write.
 */
export interface LockFence {
  readonly scope: LockScope;
  readonly holderId: string;
  readonly generation: number;
}

/** What every release write carries. */
export interface ReleaseWriteOptions {
  /**
   * The writer's lock. The write is refused with a `LOCKED` error (naming who holds the lock now,
   * or saying it was force-released) unless the lock of `fence.scope` is still held with this
   * holder id and generation, and the stored release was not last written under a newer
   * generation. The stored release is stamped with `lockGeneration: fence.generation`.
   */
  readonly fence: LockFence;
}

/** The fence of a lock held on `scope`. */
export function lockFence(scope: LockScope, info: Pick<LockInfo, 'id' | 'generation'>): LockFence {
  return {
    scope: { project: scope.project, workspace: scope.workspace },
    holderId: info.id,
    generation: info.generation,
  };
}

export interface ReleaseStore {
  /** Oldest first. */
  list(scope: ReleaseScope): Promise<readonly ReleaseSummary[]>;
  /**
   * The release with its journal replayed onto its state, if it was interrupted: only entries
   * whose generation is not older than the release's `lockGeneration`.
   */
  get(scope: ReleaseScope, revision: number): Promise<Release | undefined>;
  latest(scope: ReleaseScope): Promise<Release | undefined>;
  /**
   * Records a new release, stamped with the fence's generation; fails with `STATE_CONFLICT` when
   * the revision exists (compare-and-swap), and with `LOCKED` when the fence no longer holds.
   */
  create(release: Release, options: ReleaseWriteOptions): Promise<void>;
  /**
   * Replaces an existing release and folds its journal in (the entries a read would replay),
   * stamped with the fence's generation. Compare-and-swap: fails with `LOCKED` when the fence no
   * longer holds or the stored release carries a newer generation, and with `STATE_CONFLICT` when
   * another write landed between this one's read and its write.
   */
  update(release: Release, options: ReleaseWriteOptions): Promise<void>;
  /**
   * Opens the journal of a release being applied. Every `append` checks the fence first and stores
   * the entry with the fence's generation; once the fence fails, every later append fails the
   * same way.
   */
  openJournal(
    scope: ReleaseScope,
    revision: number,
    options: ReleaseWriteOptions,
  ): Promise<StateJournal>;
  /**
   * Every scope that has releases, optionally of one project or workspace, sorted (`project
   * list`, `resource show`, `resource graph`). Optional: without it those commands say the
   * backend cannot list projects.
   */
  scopes?(filter?: ReleaseScopeFilter): Promise<readonly ReleaseScope[]>;
}

/** Which scopes `ReleaseStore.scopes` lists. */
export interface ReleaseScopeFilter {
  readonly project?: string | undefined;
  readonly workspace?: string | undefined;
}

/** Locks are per project and workspace. */
export interface LockScope {
  readonly project: string;
  readonly workspace: string;
}

export interface LockRequest {
  readonly scope: LockScope;
  readonly holder: Omit<LockInfo, 'id' | 'generation' | 'acquiredAt' | 'expiresAt'>;
  /** How long the lock lives unless renewed. */
  readonly ttlMs: number;
  /** Take the lock over from the holder with this id (force-unlock of a stale lock). */
  readonly replaceHolderId?: string | undefined;
}

export interface HeldLock {
  readonly info: LockInfo;
  /** Extends the expiry; fails with `LOCKED` when someone took the lock over or removed it. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

export interface LockStore {
  /**
   * Takes the lock atomically, or answers who holds it. A lock taken (free or over) gets a
   * generation higher than any the scope's lock had before, released ones included.
   */
  tryAcquire(
    request: LockRequest,
  ): Promise<{ readonly lock: HeldLock } | { readonly holder: LockInfo }>;
  inspect(scope: LockScope): Promise<LockInfo | undefined>;
  /** Removes whoever holds the lock; answers who that was. */
  forceRelease(scope: LockScope): Promise<LockInfo | undefined>;
}

export interface Backend {
  readonly name: string;
  readonly workspaces: WorkspaceStore;
  readonly releases: ReleaseStore;
  readonly locks: LockStore;
  /**
   * Rollout records, next to the releases they tie together. Optional: on a backend without it a
   * rollout still runs (each release carries its rollout id) but is not listed by `rollout list`.
   */
  readonly rollouts?: RolloutStore;
  /**
   * The backend's data key for sealed secrets, wrapped by a key service (contract 2.2). Optional:
   * on a backend without it, sealed secrets use the machine's key (`KUSION_SECRET_KEY` or
   * `$KUSION_HOME/secret.key`), and a `sealing:` configuration is refused naming the backend.
   */
  readonly keys?: KeyStore;
  close?(): Promise<void>;
}

export interface BackendContext {
  /** `$KUSION_HOME`: the local configuration folder. */
  readonly kusionHome: string;
}

/** How a plugin contributes a backend. */
export interface BackendRegistration {
  /** The name users select it by: `local`, `s3`, `postgres`... */
  readonly name: string;
  create(settings: Attributes, context: BackendContext): Backend | Promise<Backend>;
}

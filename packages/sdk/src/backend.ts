/**
 * Backends: where workspaces, releases and locks live. `local` is embedded in the engine; shared
 * backends (S3, PostgreSQL, Kubernetes...) are plugins implementing this interface.
 */
import type { LockInfo } from './errors.js';
import type { Release, ReleaseScope } from './release.js';
import type { Attributes, ResourceState } from './resource.js';
import type { RolloutStore } from './rollout.js';
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

export interface ReleaseStore {
  /** Oldest first. */
  list(scope: ReleaseScope): Promise<readonly ReleaseSummary[]>;
  /** The release with its journal replayed onto its state, if it was interrupted. */
  get(scope: ReleaseScope, revision: number): Promise<Release | undefined>;
  latest(scope: ReleaseScope): Promise<Release | undefined>;
  /** Records a new release; fails with `STATE_CONFLICT` when the revision exists (compare-and-swap). */
  create(release: Release): Promise<void>;
  /** Replaces an existing release and folds its journal in. */
  update(release: Release): Promise<void>;
  /** Opens the journal of a release being applied. */
  openJournal(scope: ReleaseScope, revision: number): Promise<StateJournal>;
}

/** Locks are per project and workspace. */
export interface LockScope {
  readonly project: string;
  readonly workspace: string;
}

export interface LockRequest {
  readonly scope: LockScope;
  readonly holder: Omit<LockInfo, 'id' | 'acquiredAt' | 'expiresAt'>;
  /** How long the lock lives unless renewed. */
  readonly ttlMs: number;
  /** Take the lock over from the holder with this id (force-unlock of a stale lock). */
  readonly replaceHolderId?: string | undefined;
}

export interface HeldLock {
  readonly info: LockInfo;
  /** Extends the expiry; fails when someone took the lock over. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

export interface LockStore {
  /** Takes the lock atomically, or answers who holds it. */
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

/** Releases: one record per deploy, destroy or rollback. */
import type { Spec, State } from './resource.js';

export type ReleasePhase = 'preparing' | 'applying' | 'succeeded' | 'failed';

export type ReleaseOperation = 'deploy' | 'destroy' | 'rollback';

/** Which stack in which workspace a release belongs to. */
export interface ReleaseScope {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
}

export interface Release extends ReleaseScope {
  /** 1, 2, 3... per scope. */
  readonly revision: number;
  readonly operation: ReleaseOperation;
  readonly phase: ReleasePhase;
  /** The Spec this release applied (for a destroy: the empty Spec). */
  readonly spec: Spec;
  /** The resulting state: every resource as last applied. */
  readonly state: State;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly user: string;
  readonly host: string;
  /** For a rollback: the revision whose Spec was re-applied. */
  readonly rollbackOf?: number;
  /** Why it failed. */
  readonly error?: string;
  /**
   * The lock generation (fencing token) of the run that last wrote this release, stamped by the
   * backend from the write's `LockFence`; absent on releases written before fencing.
   */
  readonly lockGeneration?: number;
}

/** Releases: one record per deploy, destroy or rollback. */
import type { Spec, State } from './resource.js';

export type ReleasePhase = 'preparing' | 'applying' | 'succeeded' | 'failed';

export type ReleaseOperation = 'deploy' | 'destroy' | 'rollback';

/** The phases of a run, in the order a reader follows one. */
export type RunPhase = 'load' | 'generate' | 'plan' | 'apply' | 'record';

/** Where a run spent its time, and what its providers did ("why was this slow"). */
export interface RunTimings {
  readonly totalMs: number;
  /** Milliseconds spent in each phase (load includes reading files and loading providers). */
  readonly phases: Readonly<Record<RunPhase, number>>;
  /** The slowest resource operations, slowest first. */
  readonly slowest: readonly {
    readonly id: string;
    readonly type: string;
    readonly action: string;
    readonly durationMs: number;
  }[];
  /** Per provider, named by the resource types it owns. */
  readonly providers: readonly {
    readonly provider: string;
    readonly apiCalls?: number;
    readonly throttled?: number;
    readonly callsByOperation?: Readonly<Record<string, number>>;
    /** Transient failures the engine retried. */
    readonly retries: number;
    /** Time resources spent waiting to be ready after apply (summed over resources). */
    readonly readinessWaitMs: number;
  }[];
}

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
  /** Where the run that made it spent its time. */
  readonly timings?: RunTimings;
  /**
   * The lock generation (fencing token) of the run that last wrote this release, stamped by the
   * backend from the write's `LockFence`; absent on releases written before fencing.
   */
  readonly lockGeneration?: number;
  /** The rollout this release was part of (`kusion rollout show <id>`). */
  readonly rolloutId?: string;
}

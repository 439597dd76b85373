/** Plans and outcomes: what hooks, the IoHost and the CLI's JSON output share. */
import type { Attributes, Resource, ResourceState } from './resource.js';

/** What will happen to one resource. */
export type ChangeAction = 'Create' | 'Update' | 'Replace' | 'Delete' | 'UnChanged';

/** One changed field. Values of sensitive fields are replaced by `(sensitive)`. */
export interface DiffEntry {
  /** Dot path, with `[n]` for array items: `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly kind: 'add' | 'remove' | 'change';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The plan for one resource. */
export interface PlannedChange {
  readonly id: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Why, in a few words: "not in state", "spec changed", "removed from spec", a replace reason. */
  readonly reason: string;
  readonly diff: readonly DiffEntry[];
  /** The desired resource (absent for Delete). */
  readonly desired?: Resource | undefined;
  /** What the state recorded (absent for a new resource). */
  readonly prior?: ResourceState | undefined;
  /** Whether the live object exists but is not in state and will be adopted. */
  readonly isAdoption?: boolean | undefined;
}

export interface ChangeSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly unchanged: number;
}

/** The plan of a whole stack in one workspace. */
export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
  readonly changes: readonly PlannedChange[];
  readonly summary: ChangeSummary;
}

/**
 * How an operation on one resource ended. `cancelled`: never started because the run was stopped;
 * `unknown`: started, then aborted (a second Ctrl-C, the grace period of an interrupted run): the
 * resource is recorded as pending and read back by the next run.
 */
export type OutcomeStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'unknown';

export interface ResourceOutcome {
  readonly id: string;
  readonly type: string;
  readonly action: ChangeAction;
  readonly status: OutcomeStatus;
  readonly durationMs: number;
  /** Why it failed, or why it was skipped ("dependency X failed"). */
  readonly error?: string;
  /** How many times a transient failure was retried (absent when none was). */
  readonly retries?: number;
  /** The applied attributes (absent after a delete or a failure). */
  readonly attributes?: Attributes;
  /**
   * What changed, from what the provider returned, when the plan could not say (`deploy
   * --skip-preview`); sensitive values masked.
   */
  readonly diff?: readonly DiffEntry[];
}

/** What a deploy, destroy or rollback did. */
export interface ApplySummary {
  readonly status: 'succeeded' | 'failed';
  readonly revision: number;
  readonly summary: ChangeSummary;
  readonly resources: readonly ResourceOutcome[];
  readonly durationMs: number;
}

/**
 * Rollouts: one change deployed through several workspaces (and, with `--all-stacks`, several
 * stacks) in waves. Each stack in each workspace is an ordinary release with its own lock; the
 * rollout record ties them together (every release it made carries its `rolloutId`).
 */
import type { ChangeSummary, Plan } from './plan.js';

/** One stack in one workspace: the unit a rollout deploys. */
export interface RolloutTargetScope {
  readonly workspace: string;
  readonly stack: string;
}

/**
 * How one target ended: `unchanged` when its plan had nothing to do, `skipped` when the rollout
 * stopped before it, `rolled-back` when `--rollback-on-failure` returned it to its previous revision.
 */
export type RolloutTargetStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'unchanged'
  | 'failed'
  | 'skipped'
  | 'rolled-back'
  | 'rollback-failed';

export interface RolloutTarget extends RolloutTargetScope {
  readonly status: RolloutTargetStatus;
  /** The release this rollout recorded, when it applied anything. */
  readonly revision?: number;
  /** The latest revision before the rollout (0: the stack had never been deployed there). */
  readonly previousRevision?: number;
  /** The release that rolled it back (a rollback, or a destroy when there was no previous revision). */
  readonly rollbackRevision?: number;
  /** What the plan confirmed for it. */
  readonly planned?: ChangeSummary;
  readonly error?: string;
  readonly durationMs?: number;
}

export type RolloutWaveStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface RolloutWave {
  /** From `rollout.yaml`, else `wave-<n>`. */
  readonly name: string;
  readonly workspaces: readonly string[];
  readonly status: RolloutWaveStatus;
  readonly targets: readonly RolloutTarget[];
  /** Why the gate before this wave stopped the rollout (a veto, a declined pause, readiness). */
  readonly gateError?: string;
}

export type RolloutStatus = 'planning' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The record of one rollout, stored next to releases (`Backend.rollouts`). */
export interface Rollout {
  /** Sortable by time: `20250102T030405Z-a1b2c3`. */
  readonly id: string;
  readonly project: string;
  /** The stacks deployed in each workspace, in the order they are deployed (dependencies first). */
  readonly stacks: readonly string[];
  readonly waves: readonly RolloutWave[];
  readonly status: RolloutStatus;
  readonly rollbackOnFailure: boolean;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly user: string;
  readonly host: string;
  /** Why it failed or was cancelled. */
  readonly error?: string;
}

/** What is stored per project; `list` answers oldest first. */
export interface RolloutStore {
  /** Records a new rollout; fails with `STATE_CONFLICT` when its id exists. */
  create(rollout: Rollout): Promise<void>;
  /** Replaces a recorded rollout. */
  update(rollout: Rollout): Promise<void>;
  get(project: string, id: string): Promise<Rollout | undefined>;
  list(project: string): Promise<readonly Rollout[]>;
}

/** The plan of one target, as the rollout's one confirmation shows it. */
export interface RolloutTargetPlan extends RolloutTargetScope {
  readonly plan: Plan;
  readonly hasChanges: boolean;
}

/** Every target's plan, wave by wave, before anything is applied. */
export interface RolloutPlan {
  readonly rolloutId: string;
  readonly project: string;
  readonly stacks: readonly string[];
  readonly waves: readonly {
    readonly name: string;
    readonly workspaces: readonly string[];
    readonly targets: readonly RolloutTargetPlan[];
  }[];
  /** Summed over every target. */
  readonly summary: ChangeSummary;
}

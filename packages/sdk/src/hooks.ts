/**
 * The hooks plugins may tap. The hook class follows the data flow: waterfall to transform, bail to
 * veto or answer, series for ordered side effects, parallel for independent notifications. Every
 * tap names its plugin; a failing tap becomes a `HOOK_FAILED` error naming hook and plugin.
 */
import type {
  AsyncParallelHook,
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  SyncBailHook,
  SyncWaterfallHook,
} from 'tapable';
import type { ApplySummary, ChangeAction, Plan, ResourceOutcome } from './plan.js';
import type { Resource } from './resource.js';
import type { RolloutWave } from './rollout.js';
import type { Workspace } from './workspace.js';

export interface ResourceHookContext {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
}

export interface PolicyViolation {
  readonly message: string;
  readonly resourceId?: string;
  /** The rule broken, named in the error (`POLICY_FAILED`) and in `--json`. */
  readonly rule?: string;
  /** `error` stops the deploy; `warning` is shown. Default `error`. */
  readonly severity?: 'error' | 'warning';
}

/** Collects what policy taps find; all violations are reported together. */
export interface PolicyReport {
  report(violation: PolicyViolation): void;
}

/** Why a plugin stops a deploy or a rollout wave. */
export interface Veto {
  readonly reason: string;
  /** The plugin that answered; set by the engine from the tap's name. */
  readonly plugin?: string;
}

/** What the gate before a rollout wave knows (`beforeWave`). */
export interface WaveGate {
  readonly rolloutId: string;
  readonly project: string;
  /** 1-based number of the wave about to start, and how many there are. */
  readonly wave: number;
  readonly waves: number;
  readonly name: string;
  /** The workspaces the wave deploys (in parallel), and the stacks deployed in each. */
  readonly workspaces: readonly string[];
  readonly stacks: readonly string[];
  /** The waves already deployed, with the release of each target. */
  readonly previous: readonly RolloutWave[];
}

export interface RetryContext {
  readonly id: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly error: unknown;
}

export interface RetryDecision {
  readonly shouldRetry: boolean;
  /** Wait before the retry; default: exponential backoff with jitter. */
  readonly delayMs?: number;
}

/** The engine's hooks. Callers get them frozen; plugins get tap-only facades. */
export interface Hooks {
  /** Transforms the workspace after it is loaded from the backend. */
  readonly workspaceLoaded: AsyncSeriesWaterfallHook<[Workspace]>;
  /** Transforms each resource after generate (labels, defaults). */
  readonly resource: SyncWaterfallHook<[Resource, ResourceHookContext]>;
  /** Validates the plan in order (policy); taps report violations. */
  readonly validatePlan: AsyncSeriesHook<[Plan, PolicyReport]>;
  /** Answers a veto before anything is applied; the first tap that returns one stops the deploy. */
  readonly beforeApply: AsyncSeriesBailHook<[Plan], Veto | undefined>;
  /**
   * Answers a veto before each wave of a rollout after the first (an error rate read from a
   * monitoring API...); the first tap that returns one stops the rollout.
   */
  readonly beforeWave: AsyncSeriesBailHook<[WaveGate], Veto | undefined>;
  /** Answers whether a failed operation is retried; the first answer wins. */
  readonly retryPolicy: SyncBailHook<[RetryContext], RetryDecision | undefined>;
  /** Notified after each resource operation. */
  readonly resourceApplied: AsyncParallelHook<[ResourceOutcome]>;
  /** Notified after a deploy, destroy or rollback. */
  readonly afterApply: AsyncParallelHook<[ApplySummary]>;
}

/** A hook a plugin can tap but not call. */
export type TapOnly<H> = Omit<H, 'call' | 'callAsync' | 'promise'>;

export type PluginHooks = { readonly [K in keyof Hooks]: TapOnly<Hooks[K]> };

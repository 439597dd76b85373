/**
 * The I/O host. Library code never prints: it sends coded messages to the IoHost it is given, and
 * asks questions through it. The CLI renders messages for a TTY, as plain lines, or as JSON; tests
 * use a recording host.
 */
import type { ChangeAction, OutcomeStatus, Plan } from './plan.js';
import type {
  RolloutPlan,
  RolloutTargetScope,
  RolloutTargetStatus,
  RolloutWaveStatus,
} from './rollout.js';

/** The gates between rollout waves, in the order they are passed. */
export type RolloutGateKind = 'readiness' | 'bake' | 'pause' | 'plugin';

export type IoLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * The data each message code carries. `notify` is typed by code: a payload that does not match its
 * code fails to compile at the send site. Warnings have codes of their own.
 */
export interface IoMessageData {
  /** Planning started for `total` resources. */
  PLAN_START: { readonly total: number };
  /** The plan is ready (before any confirmation). */
  PLAN_READY: { readonly plan: Plan };
  /** Applying started: `total` resources will be touched. */
  APPLY_START: { readonly revision: number; readonly total: number; readonly operation: string };
  /** One resource operation started. */
  RESOURCE_START: { readonly id: string; readonly action: ChangeAction };
  /** A provider reports progress on one resource ("2/3 replicas available"). */
  RESOURCE_PROGRESS: { readonly id: string; readonly status: string };
  /** A transient failure will be retried. */
  RESOURCE_RETRY: {
    readonly id: string;
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: string;
  };
  /** One resource operation ended. */
  RESOURCE_DONE: {
    readonly id: string;
    readonly action: ChangeAction;
    readonly status: OutcomeStatus;
    readonly durationMs: number;
    readonly error?: string;
  };
  /** Waiting for a lock held by another run. */
  LOCK_WAIT: { readonly holder: string };
  /** A stale lock (dead holder, expired) was taken over. */
  LOCK_TAKEN_OVER: { readonly holder: string; readonly reason: string };
  /** Renewing the run's lock failed; the run goes on while the lock has not expired. */
  LOCK_RENEW_FAILED: { readonly error: string };
  /** The latest release was left applying by a run that ended early; it is marked failed. */
  RELEASE_INTERRUPTED: { readonly revision: number };
  /** A policy rule reported a warning (errors stop the run with POLICY_FAILED). */
  POLICY_WARNING: { readonly resourceId?: string; readonly message: string };
  /** Native detail a provider can show (a generated template...), printed with `--detail`. */
  PROVIDER_DETAIL: { readonly title: string; readonly text: string };
  /** Something a provider tells the user (its level says how much it matters). */
  PROVIDER_NOTICE: { readonly provider: string; readonly resourceId?: string };
  /** Something a plugin tells the user (its level says how much it matters). */
  PLUGIN_NOTICE: { readonly plugin: string };
  /**
   * Something the engine tells the user about a workspace's module (not installed yet, a version
   * range the installed package does not meet): its level says how much it matters.
   */
  MODULE_NOTICE: { readonly module: string; readonly packageName?: string };
  /**
   * Something the engine tells the user about a workspace: a Kusion key (`context.KUBECONFIG_PATH`)
   * that one of our settings overrides.
   */
  WORKSPACE_NOTICE: { readonly workspace: string };
  /** Every target of a rollout is planned (before the one confirmation). */
  ROLLOUT_PLAN_READY: { readonly plan: RolloutPlan };
  /** A gate before a wave: waiting, passed, or stopping the rollout (`isPassed: false`). */
  ROLLOUT_GATE: {
    readonly wave: number;
    readonly gate: RolloutGateKind;
    readonly isPassed: boolean | undefined;
    readonly reason?: string;
  };
  /** A wave starts: its workspaces deploy in parallel. */
  ROLLOUT_WAVE_START: {
    readonly wave: number;
    readonly name: string;
    readonly workspaces: readonly string[];
  };
  /** A wave ended. */
  ROLLOUT_WAVE_DONE: {
    readonly wave: number;
    readonly name: string;
    readonly status: RolloutWaveStatus;
  };
  /** One stack in one workspace starts deploying. */
  ROLLOUT_TARGET_START: RolloutTargetScope & { readonly wave: number };
  /** One stack in one workspace ended. */
  ROLLOUT_TARGET_DONE: RolloutTargetScope & {
    readonly wave: number;
    readonly status: RolloutTargetStatus;
    readonly revision?: number;
    readonly error?: string;
    readonly durationMs: number;
  };
  /** `--rollback-on-failure`: a finished target goes back to its previous revision. */
  ROLLOUT_ROLLBACK: RolloutTargetScope & {
    readonly toRevision: number;
    readonly status: 'started' | 'succeeded' | 'failed';
    readonly revision?: number;
    readonly error?: string;
  };
  /** The backend keeps no rollout records: the rollout runs, but `rollout list` will not show it. */
  ROLLOUT_NOT_RECORDED: { readonly backend: string };
}

export type IoMessageCode = keyof IoMessageData;

/** A message from the library to the user; `IoMessage` alone is the union of every code's shape. */
export type IoMessage<C extends IoMessageCode = IoMessageCode> = {
  readonly [K in C]: {
    readonly level: IoLevel;
    readonly code: K;
    /** A complete sentence, shown as is on a plain terminal. */
    readonly message: string;
    readonly data: IoMessageData[K];
    readonly time?: Date;
    /**
     * In a rollout, where several stacks and workspaces run at once: which one the message is about
     * (set by the engine on every message of that run).
     */
    readonly target?: RolloutTargetScope;
  };
}[C];

/** A question to the user, with the answer used when nobody can answer. */
export interface IoRequest<R> {
  readonly code: string;
  readonly message: string;
  readonly defaultResponse: R;
  readonly data?: unknown;
}

export interface IoHost {
  /** Receives a message. Must not throw. */
  notify(message: IoMessage): void | Promise<void>;
  /** Asks a question; resolves to the answer (the default when non-interactive). */
  requestResponse<R>(request: IoRequest<R>): Promise<R>;
}

/** A host that drops every message and answers every question with its default. */
export const silentIoHost: IoHost = {
  notify() {
    /* dropped on purpose */
  },
  requestResponse<R>(request: IoRequest<R>) {
    return Promise.resolve(request.defaultResponse);
  },
};

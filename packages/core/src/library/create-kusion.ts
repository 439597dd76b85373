/**
 * The engine as a library, in one object: `createKusion({ io })` → `preview`, `deploy`, `destroy`,
 * `rollout`, `drift`, run in-process. Every coded message goes to the IoHost and to listeners
 * (`on(code, listener)`, `'*'` for all): progress events without writing an IoHost. Every call takes
 * `signal` (stop scheduling: in-flight operations finish, the release is recorded failed, the lock
 * released) and `abortSignal` (abort in-flight provider calls too).
 */
import { silentIoHost } from '@kusion/sdk';
import type { Backend, IoHost, IoMessage, IoMessageCode, KusionPlugin, Plan } from '@kusion/sdk';
import { deploy, destroy } from '../operations/deploy.js';
import type { DeployOptions } from '../operations/deploy.js';
import { detectDrift } from '../operations/drift.js';
import type { DriftOptions, DriftReport } from '../operations/drift.js';
import { preview } from '../operations/preview.js';
import type { PreviewOptions } from '../operations/preview.js';
import { rollout } from '../operations/rollout.js';
import type { RolloutOptions, RolloutResult } from '../operations/rollout.js';
import type { ReleaseResult } from '../operations/run-release.js';

export interface KusionOptions {
  /** Receives every message and answers questions; default: silent, every question answered with its default. */
  readonly io?: IoHost | undefined;
  /** Local configuration folder; default `$KUSION_HOME`, else `~/.kusion`. */
  readonly kusionHome?: string | undefined;
  /** Where workspaces, releases and locks live; default: the local backend under `kusionHome`. */
  readonly backend?: Backend | undefined;
  /** A backend named in `$KUSION_HOME/config.yaml`. */
  readonly backendName?: string | undefined;
  /** Plugins applied before any other in every call: providers, policies, gates. */
  readonly plugins?: readonly KusionPlugin[] | undefined;
}

/** The options of one call: the operation's, less what `createKusion` was given. */
export type KusionPreviewOptions = Omit<PreviewOptions, keyof KusionOptions>;
export type KusionDeployOptions = Omit<DeployOptions, keyof KusionOptions>;
export type KusionRolloutOptions = Omit<RolloutOptions, keyof KusionOptions>;
export type KusionDriftOptions = Omit<DriftOptions, keyof KusionOptions>;

/** A listener of one message code (or of every message, with `'*'`). */
export type KusionListener<C extends IoMessageCode> = (message: IoMessage<C>) => void;

export interface Kusion {
  /** The three-way plan of a stack in a workspace; changes nothing, takes no lock. */
  preview(options: KusionPreviewOptions): Promise<Plan>;
  /** Plans, asks (`yes: true` or an IoHost answering `CONFIRM_APPLY`), applies, records a release. */
  deploy(options: KusionDeployOptions): Promise<ReleaseResult>;
  /** Deletes everything the stack's state holds, dependents first. */
  destroy(options: KusionDeployOptions): Promise<ReleaseResult>;
  /** Deploys through several workspaces in waves (`workspaces: 'dev,[eu,us],prod'`). */
  rollout(options: KusionRolloutOptions): Promise<RolloutResult>;
  /** Compares the recorded state with what is live. */
  drift(options: KusionDriftOptions): Promise<DriftReport>;
  /** Calls `listener` for every message with `code` (`'*'`: every message); answers how to stop. */
  on<C extends IoMessageCode>(code: C, listener: KusionListener<C>): () => void;
  on(code: '*', listener: KusionListener<IoMessageCode>): () => void;
}

export function createKusion(options: KusionOptions = {}): Kusion {
  const listeners = new Map<string, Set<(message: IoMessage) => void>>();
  const target = options.io ?? silentIoHost;
  const io: IoHost = {
    async notify(message) {
      for (const key of [message.code, '*']) {
        for (const listener of listeners.get(key) ?? []) {
          try {
            listener(message);
          } catch {
            // A listener's failure must not fail the run (an IoHost never throws).
          }
        }
      }
      await target.notify(message);
    },
    requestResponse: (request) => target.requestResponse(request),
  };
  const engine = {
    io,
    kusionHome: options.kusionHome,
    backend: options.backend,
    backendName: options.backendName,
    plugins: options.plugins,
  };
  return {
    preview: (call) => preview({ ...call, ...engine }),
    deploy: (call) => deploy({ ...call, ...engine }),
    destroy: (call) => destroy({ ...call, ...engine }),
    rollout: (call) => rollout({ ...call, ...engine }),
    drift: (call) => detectDrift({ ...call, ...engine }),
    on(code: string, listener: (message: IoMessage) => void): () => void {
      const set = listeners.get(code) ?? new Set();
      set.add(listener);
      listeners.set(code, set);
      return () => set.delete(listener);
    },
  };
}

/**
 * What every operation shares: the IoHost, cancellation, the hooks, the plugin registry and the
 * backend. Scripts pass their own backend or plugins; the CLI passes neither.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Backend, Hooks, IoHost, KusionPlugin } from '@kusion/sdk';
import { createHooks } from '../plugins/hooks.js';
import {
  createScrubbingIoHost,
  createSecretScrubber,
  scrubError,
} from '../secrets/secret-scrubber.js';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import { createPluginRegistry } from '../plugins/plugin-registry.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { openBackend } from '../release/backend-selection.js';
import { currentUser } from '../release/current-user.js';
import { withImplicitDefaultWorkspace } from '../release/implicit-default-workspace.js';
import { createTimingsRecorder } from '../run/timings.js';
import { createSealingKeys } from '../secrets/sealing-keys.js';
import type { SealingKeys } from '../secrets/sealing-keys.js';
import type { TimingsRecorder } from '../run/timings.js';

export interface EngineOptions {
  readonly io: IoHost;
  /** Aborted on Ctrl-C: nothing new starts, in-flight operations finish or are recorded. */
  readonly signal?: AbortSignal | undefined;
  /** Aborted when the user insists (a second Ctrl-C): in-flight provider calls are aborted too. */
  readonly abortSignal?: AbortSignal | undefined;
  /** Local configuration folder; default `$KUSION_HOME`, else `~/.kusion`. */
  readonly kusionHome?: string | undefined;
  /** Where workspaces, releases and locks live; default: the local backend under kusionHome. */
  readonly backend?: Backend | undefined;
  /** Plugins applied before any other: policies, notifications, in-process providers. */
  readonly plugins?: readonly KusionPlugin[] | undefined;
  /** A backend named in `$KUSION_HOME/config.yaml` (`--backend`); default `KUSION_BACKEND`, `backends.current`, `local`. */
  readonly backendName?: string | undefined;
  /**
   * Who starts the run, recorded in its releases, rollouts and lock (a server passes the person
   * behind the request); default: the operating-system user.
   */
  readonly user?: string | undefined;
}

export interface EngineContext {
  /** The caller's IoHost behind the scrubber: every message is scrubbed of known secrets. */
  readonly io: IoHost;
  /** Stops scheduling (first Ctrl-C). */
  readonly signal: AbortSignal;
  /** Aborts in-flight provider calls (second Ctrl-C). */
  readonly abortSignal: AbortSignal;
  /** Every secret value this run handled, scrubbed from all text that leaves the engine. */
  readonly scrubber: SecretScrubber;
  /** Where the run spends its time, from the first step. */
  readonly timings: TimingsRecorder;
  readonly kusionHome: string;
  readonly backend: Backend;
  /** The keys that seal secrets in releases and derive generated ones (read on first use). */
  readonly sealing: SealingKeys;
  /** Who starts the run: the caller's `user`, else the operating-system user. */
  readonly user: string;
  readonly hooks: Hooks;
  readonly registry: PluginRegistry;
}

export async function createEngineContext(options: EngineOptions): Promise<EngineContext> {
  const timings = createTimingsRecorder();
  const kusionHome = resolveKusionHome(options.kusionHome);
  const hooks = createHooks();
  const registry = createPluginRegistry(hooks);
  for (const plugin of options.plugins ?? []) await registry.apply(plugin);
  const scrubber = createSecretScrubber();
  const signal = options.signal ?? new AbortController().signal;
  const opened = options.backend
    ? { backend: options.backend, name: options.backend.name }
    : await timings.measure('load', () =>
        openBackend({ kusionHome, registry, name: options.backendName }),
      );
  return {
    io: createScrubbingIoHost(options.io, scrubber),
    signal,
    abortSignal: options.abortSignal ?? new AbortController().signal,
    scrubber,
    timings,
    kusionHome,
    backend: withImplicitDefaultWorkspace(opened.backend),
    sealing: createSealingKeys({
      backend: opened.backend,
      backendName: opened.name,
      sealing: 'sealing' in opened ? opened.sealing : undefined,
      kusionHome,
      registry,
      signal,
    }),
    user: options.user ?? currentUser(),
    hooks,
    registry,
  };
}

/**
 * Runs `use` with an engine context, closing the backend it opened (not one the caller passed).
 * Errors leave scrubbed of every secret value the run handled.
 */
export async function withEngine<T>(
  options: EngineOptions,
  use: (engine: EngineContext) => Promise<T>,
): Promise<T> {
  const engine = await createEngineContext(options);
  try {
    return await use(engine);
  } catch (error) {
    throw scrubError(error, engine.scrubber);
  } finally {
    if (!options.backend) await engine.backend.close?.();
  }
}

/**
 * The backend a run would use (`backendName`, else `KUSION_BACKEND`, `backends.current`, local),
 * opened for a caller that keeps it for many calls — a server — and closes it itself.
 */
export async function openEngineBackend(
  options: Pick<EngineOptions, 'kusionHome' | 'backendName' | 'plugins'>,
): Promise<Backend> {
  const registry = createPluginRegistry(createHooks());
  for (const plugin of options.plugins ?? []) await registry.apply(plugin);
  const opened = await openBackend({
    kusionHome: resolveKusionHome(options.kusionHome),
    registry,
    name: options.backendName,
  });
  return opened.backend;
}

export function resolveKusionHome(explicit?: string): string {
  const fromEnv = process.env.KUSION_HOME;
  if (explicit) return resolve(explicit);
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), '.kusion');
}

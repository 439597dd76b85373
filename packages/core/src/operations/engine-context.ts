/**
 * What every operation shares: the IoHost, cancellation, the hooks, the plugin registry and the
 * backend. Scripts pass their own backend or plugins; the CLI passes neither.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Backend, Hooks, IoHost, KusionPlugin } from '@kusion/sdk';
import { createHooks } from '../plugins/hooks.js';
import { createPluginRegistry } from '../plugins/plugin-registry.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { openBackend } from '../release/backend-selection.js';

export interface EngineOptions {
  readonly io: IoHost;
  /** Aborted on Ctrl-C: nothing new starts, in-flight operations finish or are recorded. */
  readonly signal?: AbortSignal | undefined;
  /** Local configuration folder; default `$KUSION_HOME`, else `~/.kusion`. */
  readonly kusionHome?: string | undefined;
  /** Where workspaces, releases and locks live; default: the local backend under kusionHome. */
  readonly backend?: Backend | undefined;
  /** Plugins applied before any other: policies, notifications, in-process providers. */
  readonly plugins?: readonly KusionPlugin[] | undefined;
  /** A backend named in `$KUSION_HOME/config.yaml` (`--backend`); default `KUSION_BACKEND`, `backends.current`, `local`. */
  readonly backendName?: string | undefined;
}

export interface EngineContext {
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly kusionHome: string;
  readonly backend: Backend;
  readonly hooks: Hooks;
  readonly registry: PluginRegistry;
}

export async function createEngineContext(options: EngineOptions): Promise<EngineContext> {
  const kusionHome = resolveKusionHome(options.kusionHome);
  const hooks = createHooks();
  const registry = createPluginRegistry(hooks);
  for (const plugin of options.plugins ?? []) await registry.apply(plugin);
  return {
    io: options.io,
    signal: options.signal ?? new AbortController().signal,
    kusionHome,
    backend:
      options.backend ?? (await openBackend({ kusionHome, registry, name: options.backendName })),
    hooks,
    registry,
  };
}

/** Runs `use` with an engine context, closing the backend it opened (not one the caller passed). */
export async function withEngine<T>(
  options: EngineOptions,
  use: (engine: EngineContext) => Promise<T>,
): Promise<T> {
  const engine = await createEngineContext(options);
  try {
    return await use(engine);
  } finally {
    if (!options.backend) await engine.backend.close?.();
  }
}

export function resolveKusionHome(explicit?: string): string {
  const fromEnv = process.env.KUSION_HOME;
  if (explicit) return resolve(explicit);
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), '.kusion');
}

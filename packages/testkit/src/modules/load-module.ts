/**
 * The module a plugin registers, found the way the engine finds it: by applying the plugin to a
 * host and keeping what it registers. A module plugin that taps hooks or registers anything but
 * modules still loads; the kit only runs its modules.
 */
import { CONTRACT_VERSION, isContractCompatible, isKusionPlugin, KusionError } from '@kusion/sdk';
import type { KusionPlugin, ModuleRegistration, PluginHooks, PluginHost } from '@kusion/sdk';

/** A plugin made with `defineModule`, or the registration itself. */
export type ModuleSource = KusionPlugin | ModuleRegistration;

/** The registration of `name` (default: the only module the plugin registers). */
export async function loadModule(source: ModuleSource, name?: string): Promise<ModuleRegistration> {
  if (!isKusionPlugin(source)) return source;
  if (!isContractCompatible(source.contractVersion)) {
    throw new KusionError(
      'PLUGIN_LOAD_FAILED',
      `plugin ${source.name} implements contract ${source.contractVersion}; this kit runs ${CONTRACT_VERSION}`,
      { hint: 'build the module against the same major version of @kusion/sdk' },
    );
  }
  const modules: ModuleRegistration[] = [];
  const ignore = (): void => undefined;
  const host: PluginHost = {
    contractVersion: CONTRACT_VERSION,
    settings: {},
    hooks: inertHooks(),
    registerProvider: ignore,
    registerBackend: ignore,
    registerSecretStore: ignore,
    registerKeyService: ignore,
    registerModule: (registration) => modules.push(registration),
  };
  await source.apply(host);
  const found =
    name === undefined && modules.length === 1 ? modules[0] : modules.find((m) => m.name === name);
  if (!found) {
    const names = modules.map((m) => m.name).join(', ') || 'none';
    throw new KusionError(
      'PLUGIN_LOAD_FAILED',
      name === undefined
        ? `plugin ${source.name} registers ${modules.length} modules (${names}): name the one to test`
        : `plugin ${source.name} registers no module named "${name}" (it registers: ${names})`,
    );
  }
  return found;
}

/** Hooks that accept taps and never call them: module tests do not run the engine. */
function inertHooks(): PluginHooks {
  const tapOnly = { tap: () => undefined, tapAsync: () => undefined, tapPromise: () => undefined };
  return new Proxy({} as PluginHooks, { get: () => tapOnly });
}

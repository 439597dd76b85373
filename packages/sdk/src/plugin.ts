/**
 * Plugins: `{ apply(host) }`, like webpack's. Our own providers use exactly the API a third party
 * uses. Plugins are recognised by brand and checked by contract version, never by `instanceof`.
 */
import type { BackendRegistration } from './backend.js';
import type { PluginHooks } from './hooks.js';
import type { ModuleRegistration } from './module.js';
import type { SecretStoreRegistration } from './secret-store.js';
import type { Provider, ProviderFactoryRequest } from './provider.js';

/**
 * The contract version this package describes, `major.minor`. The engine loads a plugin whose major
 * equals its own and whose minor is not newer.
 */
export const CONTRACT_VERSION = '2.2';

const PLUGIN_BRAND = Symbol.for('kusion.plugin');

/** How a plugin contributes a provider. */
export interface ProviderRegistration {
  /** Lower-case name, as used under a workspace's `providers`: `kubernetes`, `aws`, `test`. */
  readonly name: string;
  /** Resource types it owns (`Kubernetes`, `AWS`...). A type has exactly one owner. */
  readonly resourceTypes: readonly string[];
  /**
   * Creates a provider ready to use from the workspace settings, once per run; throws a coded error
   * (`ProviderError`, `ConfigError`) naming the setting when the settings are wrong.
   */
  create(request: ProviderFactoryRequest): Provider | Promise<Provider>;
}

/** What a plugin receives. */
export interface PluginHost {
  /** The engine's contract version. */
  readonly contractVersion: string;
  readonly hooks: PluginHooks;
  registerProvider(registration: ProviderRegistration): void;
  registerBackend(registration: BackendRegistration): void;
  registerModule(registration: ModuleRegistration): void;
  registerSecretStore(registration: SecretStoreRegistration): void;
}

export interface KusionPlugin {
  readonly [PLUGIN_BRAND]: true;
  /** Names the plugin in errors and in every tap. */
  readonly name: string;
  readonly contractVersion: string;
  apply(host: PluginHost): void | Promise<void>;
}

export interface PluginDefinition {
  readonly name: string;
  apply(host: PluginHost): void | Promise<void>;
}

/** Declares a plugin. */
export function definePlugin(definition: PluginDefinition): KusionPlugin {
  return Object.freeze({
    [PLUGIN_BRAND]: true as const,
    name: definition.name,
    contractVersion: CONTRACT_VERSION,
    apply: definition.apply.bind(definition),
  });
}

/** Declares a plugin that contributes one provider. */
export function defineProvider(registration: ProviderRegistration): KusionPlugin {
  return definePlugin({
    name: `provider-${registration.name}`,
    apply(host) {
      host.registerProvider(registration);
    },
  });
}

/** Declares a plugin that contributes one module (`defineModule({ name, version, schemas, generate })`). */
export function defineModule(registration: ModuleRegistration): KusionPlugin {
  return definePlugin({
    name: `module-${registration.name}`,
    apply(host) {
      host.registerModule(registration);
    },
  });
}

/** Whether a value is a plugin, from any copy of this package. */
export function isKusionPlugin(value: unknown): value is KusionPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true &&
    typeof (value as { apply?: unknown }).apply === 'function'
  );
}

/** Whether a plugin built against `pluginVersion` can run on an engine at `engineVersion`. */
export function isContractCompatible(
  pluginVersion: string,
  engineVersion = CONTRACT_VERSION,
): boolean {
  const [pluginMajor, pluginMinor] = pluginVersion.split('.').map(Number);
  const [engineMajor, engineMinor] = engineVersion.split('.').map(Number);
  return (
    pluginMajor !== undefined &&
    pluginMajor === engineMajor &&
    (pluginMinor ?? 0) <= (engineMinor ?? 0)
  );
}

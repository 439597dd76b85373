/**
 * What plugins contributed: providers by resource type, backends and modules by name. Applying a
 * plugin checks its contract version; a second claim on a resource type fails at load time.
 */
import { CONTRACT_VERSION, isContractCompatible } from '@kusion/sdk';
import type {
  BackendRegistration,
  Hooks,
  KusionPlugin,
  ModuleRegistration,
  PluginHost,
  ProviderRegistration,
  SecretStoreRegistration,
} from '@kusion/sdk';
import { createPluginHooks } from './hooks.js';

export interface PluginRegistry {
  readonly providersByType: ReadonlyMap<string, ProviderRegistration>;
  readonly backends: ReadonlyMap<string, BackendRegistration>;
  readonly modules: ReadonlyMap<string, ModuleRegistration>;
  readonly secretStores: ReadonlyMap<string, SecretStoreRegistration>;
  /** Names of the plugins applied so far. */
  readonly applied: ReadonlySet<string>;
  /** Applies a plugin; throws an Error whose message says why it was refused. */
  apply(plugin: KusionPlugin): Promise<void>;
}

export function createPluginRegistry(hooks: Hooks): PluginRegistry {
  const providersByType = new Map<string, ProviderRegistration>();
  const providerOwners = new Map<string, string>();
  const backends = new Map<string, BackendRegistration>();
  const modules = new Map<string, ModuleRegistration>();
  const secretStores = new Map<string, SecretStoreRegistration>();
  const applied = new Set<string>();

  async function apply(plugin: KusionPlugin): Promise<void> {
    if (applied.has(plugin.name)) return;
    if (!isContractCompatible(plugin.contractVersion)) {
      throw new Error(
        `it implements contract ${plugin.contractVersion}, this engine implements ${CONTRACT_VERSION} (same major, minor not newer); install a version built for @kusion/sdk ${CONTRACT_VERSION.split('.')[0] ?? ''}.x`,
      );
    }
    const host: PluginHost = {
      contractVersion: CONTRACT_VERSION,
      hooks: createPluginHooks(hooks, plugin.name),
      registerProvider(registration) {
        for (const type of registration.resourceTypes) {
          const owner = providerOwners.get(type);
          if (owner !== undefined && owner !== plugin.name) {
            throw new Error(`resource type "${type}" is already provided by plugin ${owner}`);
          }
        }
        for (const type of registration.resourceTypes) {
          providersByType.set(type, registration);
          providerOwners.set(type, plugin.name);
        }
      },
      registerBackend(registration) {
        backends.set(registration.name, registration);
      },
      registerModule(registration) {
        modules.set(registration.name, registration);
      },
      registerSecretStore(registration) {
        secretStores.set(registration.name, registration);
      },
    };
    await plugin.apply(host);
    applied.add(plugin.name);
  }

  return { providersByType, backends, modules, secretStores, applied, apply };
}

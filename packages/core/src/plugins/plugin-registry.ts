/**
 * What plugins contributed: providers by resource type, backends, modules and secret stores by
 * name. Applying a plugin checks its contract version; a second claim on a resource type or on a
 * name by another plugin fails at load time, naming both plugins.
 */
import { CONTRACT_VERSION, isContractCompatible } from '@kusion/sdk';
import type {
  Attributes,
  BackendRegistration,
  Hooks,
  KusionPlugin,
  ModuleRegistration,
  PluginHost,
  ProviderRegistration,
  SecretStoreRegistration,
  KeyServiceRegistration,
} from '@kusion/sdk';
import { createPluginHooks } from './hooks.js';

/** Where a plugin came from, for `kusion plugin list`. */
export interface PluginOrigin {
  /** What asked for it: `project.yaml`, `workspace prod`, `provider aws`, `code` (passed to the library). */
  readonly declaredIn: string;
  readonly packageName?: string | undefined;
  /** The file its package resolved to. */
  readonly path?: string | undefined;
  readonly version?: string | undefined;
}

export interface ApplyPluginOptions {
  readonly settings?: Attributes | undefined;
  readonly projectDir?: string | undefined;
  readonly origin?: PluginOrigin | undefined;
}

/** A plugin applied to this engine: where from, which hooks it taps, what it registers. */
export interface LoadedPlugin extends PluginOrigin {
  readonly name: string;
  readonly contractVersion: string;
  /** `hook` tapped under `name` (the plugin's name, or `<plugin>/<tap>`). */
  readonly taps: readonly { readonly hook: string; readonly name: string }[];
  /** `provider aws (AWS)`, `backend s3`, `module service`, `secret store aws`. */
  readonly registers: readonly string[];
}

export interface PluginRegistry {
  readonly providersByType: ReadonlyMap<string, ProviderRegistration>;
  readonly backends: ReadonlyMap<string, BackendRegistration>;
  readonly modules: ReadonlyMap<string, ModuleRegistration>;
  readonly secretStores: ReadonlyMap<string, SecretStoreRegistration>;
  /** Key services that wrap backends' data keys, by name (`aws-kms`). */
  readonly keyServices: ReadonlyMap<string, KeyServiceRegistration>;
  /** Names of the plugins applied so far. */
  readonly applied: ReadonlySet<string>;
  /** The plugins applied so far, in order, with what they did. */
  readonly loaded: ReadonlyMap<string, LoadedPlugin>;
  /** Applies a plugin; throws an Error whose message says, in one line, why it was refused. */
  apply(plugin: KusionPlugin, options?: ApplyPluginOptions): Promise<void>;
}

/** Registrations of one kind by name, remembering which plugin made each. */
class Claims<R> {
  readonly byName = new Map<string, R>();
  private readonly owners = new Map<string, string>();

  constructor(private readonly what: string) {}

  /** Throws when another plugin already claimed one of the names. */
  check(names: readonly string[], plugin: string): void {
    for (const name of names) {
      const owner = this.owners.get(name);
      if (owner !== undefined && owner !== plugin) {
        throw new Error(
          `${this.what} "${name}" is registered by both plugin ${owner} and plugin ${plugin}; keep one of them`,
        );
      }
    }
  }

  claim(names: readonly string[], plugin: string, registration: R): void {
    this.check(names, plugin);
    for (const name of names) {
      this.byName.set(name, registration);
      this.owners.set(name, plugin);
    }
  }
}

export function createPluginRegistry(hooks: Hooks): PluginRegistry {
  const resourceTypes = new Claims<ProviderRegistration>('resource type');
  const providerNames = new Claims<ProviderRegistration>('provider');
  const backends = new Claims<BackendRegistration>('backend');
  const modules = new Claims<ModuleRegistration>('module');
  const secretStores = new Claims<SecretStoreRegistration>('secret store');
  const keyServices = new Claims<KeyServiceRegistration>('key service');
  const applied = new Set<string>();
  const loaded = new Map<string, LoadedPlugin>();

  async function apply(plugin: KusionPlugin, options: ApplyPluginOptions = {}): Promise<void> {
    if (applied.has(plugin.name)) return;
    if (!isContractCompatible(plugin.contractVersion)) {
      const major = CONTRACT_VERSION.split('.')[0] ?? '';
      throw new Error(
        `it was built for contract ${plugin.contractVersion} and this engine implements ${CONTRACT_VERSION}: install a version of it built for @kusion/sdk ${major}.x`,
      );
    }
    const taps: { hook: string; name: string }[] = [];
    const registers: string[] = [];
    const host: PluginHost = {
      contractVersion: CONTRACT_VERSION,
      settings: options.settings ?? {},
      projectDir: options.projectDir,
      hooks: createPluginHooks(hooks, plugin.name, (hook, name) => taps.push({ hook, name })),
      registerProvider(registration) {
        resourceTypes.check(registration.resourceTypes, plugin.name);
        providerNames.claim([registration.name], plugin.name, registration);
        resourceTypes.claim(registration.resourceTypes, plugin.name, registration);
        registers.push(`provider ${registration.name} (${registration.resourceTypes.join(', ')})`);
      },
      registerBackend(registration) {
        backends.claim([registration.name], plugin.name, registration);
        registers.push(`backend ${registration.name}`);
      },
      registerModule(registration) {
        modules.claim([registration.name], plugin.name, registration);
        registers.push(`module ${registration.name}`);
      },
      registerSecretStore(registration) {
        secretStores.claim([registration.name], plugin.name, registration);
        registers.push(`secret store ${registration.name}`);
      },
      registerKeyService(registration) {
        keyServices.claim([registration.name], plugin.name, registration);
        registers.push(`key service ${registration.name}`);
      },
    };
    await plugin.apply(host);
    applied.add(plugin.name);
    loaded.set(plugin.name, {
      ...(options.origin ?? { declaredIn: 'code' }),
      name: plugin.name,
      contractVersion: plugin.contractVersion,
      taps,
      registers,
    });
  }

  return {
    providersByType: resourceTypes.byName,
    backends: backends.byName,
    modules: modules.byName,
    secretStores: secretStores.byName,
    keyServices: keyServices.byName,
    applied,
    loaded,
    apply,
  };
}

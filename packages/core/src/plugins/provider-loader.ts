/**
 * Loads the providers a Spec needs, and only those: a workspace names its providers; a short name
 * expands to `@kusion/provider-<name>`, then `kusion-provider-<name>`. Every failure is collected and
 * reported together. Our own providers load exactly like a third party's.
 */
import { CONTRACT_VERSION, KusionError, PluginLoadError } from '@kusion/sdk';
import type {
  Attributes,
  IoHost,
  PluginLoadFailure,
  Provider,
  ProviderContext,
  ProviderRegistration,
  ProviderSettings,
  Sealer,
  Workspace,
} from '@kusion/sdk';
import { DEFAULT_CONCURRENCY } from '../run/run.js';
import { importPluginPackage } from './plugin-importer.js';
import type { PluginRegistry } from './plugin-registry.js';

export interface LoadedProviders {
  /** The configured provider that owns a resource type. */
  forType(type: string): Provider;
  readonly types: ReadonlySet<string>;
  /** The lowest concurrency the loaded providers ask for (`Provider.concurrency`, else the default). */
  readonly concurrency: number;
  closeAll(): Promise<void>;
}

export interface LoadProvidersRequest {
  readonly types: Iterable<string>;
  readonly workspace: Workspace;
  readonly registry: PluginRegistry;
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  /** Resolves secret references in settings before the provider's factory sees them. */
  readonly resolveSettings?: (settings: Attributes) => Promise<Attributes>;
  /** Seals what providers keep in state (Terraform's state file), with the release key. */
  readonly sealer?: Sealer | undefined;
}

interface ProviderEntry {
  readonly name: string;
  readonly settings: ProviderSettings;
  readonly isDeclared: boolean;
}

export async function loadProviders(request: LoadProvidersRequest): Promise<LoadedProviders> {
  const types = new Set(request.types);
  const entries = new Map([...types].map((type) => [type, findEntry(request.workspace, type)]));
  await importMissingPlugins(entries, request);

  const instances = new Map<ProviderRegistration, Promise<Provider>>();
  const byType = new Map<string, Provider>();
  for (const [type, entry] of entries) {
    const registration = request.registry.providersByType.get(type);
    if (!registration) continue; // reported by importMissingPlugins
    let instance = instances.get(registration);
    if (!instance) {
      instance = createConfigured(registration, entry, request);
      instances.set(registration, instance);
    }
    byType.set(type, await instance);
  }

  const asked = [...new Set(byType.values())].map(
    (provider) => provider.concurrency ?? DEFAULT_CONCURRENCY,
  );
  return {
    types,
    concurrency: asked.length ? Math.min(...asked) : DEFAULT_CONCURRENCY,
    forType(type) {
      const provider = byType.get(type);
      if (!provider) {
        throw new KusionError(
          'PROVIDER_NOT_FOUND',
          `no provider is loaded for resource type "${type}"`,
        );
      }
      return provider;
    },
    async closeAll() {
      await Promise.allSettled(
        [...new Set(byType.values())].map(async (provider) => {
          await provider.close?.();
        }),
      );
    },
  };
}

function findEntry(workspace: Workspace, type: string): ProviderEntry {
  const providers = Object.entries(workspace.providers ?? {});
  const byTypes = providers.find(([, settings]) => settings.types?.includes(type));
  const byName = providers.find(([name]) => name === type.toLowerCase());
  const found = byTypes ?? byName;
  if (found) return { name: found[0], settings: found[1], isDeclared: true };
  return { name: type.toLowerCase(), settings: {}, isDeclared: false };
}

function candidatePackages(entry: ProviderEntry): readonly string[] {
  return providerPackageCandidates(entry.name, entry.settings);
}

/** The packages a workspace's `providers.<name>` entry may come from, in the order they are tried. */
export function providerPackageCandidates(
  name: string,
  settings: ProviderSettings,
): readonly string[] {
  if (settings.package) return [settings.package];
  return [`@kusion/provider-${name}`, `kusion-provider-${name}`];
}

async function importMissingPlugins(
  entries: ReadonlyMap<string, ProviderEntry>,
  request: LoadProvidersRequest,
): Promise<void> {
  const { registry, context } = request;
  const groups = new Map<string, { entry: ProviderEntry; types: string[] }>();
  for (const [type, entry] of entries) {
    if (registry.providersByType.has(type)) continue;
    const key = candidatePackages(entry).join('|');
    const group = groups.get(key) ?? { entry, types: [] };
    group.types.push(type);
    groups.set(key, group);
  }

  const failures: PluginLoadFailure[] = [];
  await Promise.all(
    [...groups.values()].map(async ({ entry, types }) => {
      const outcome = await importPluginPackage(
        candidatePackages(entry),
        context.projectDir,
        registry,
        { declaredIn: `workspace ${context.workspace} (providers.${entry.name})` },
      );
      const quoted = (list: readonly string[]): string => list.map((t) => `"${t}"`).join(', ');
      if ('reason' in outcome) {
        failures.push({
          plugin: entry.name,
          packageName: outcome.packageName,
          reason: `resource type ${quoted(types)} needs it: ${outcome.reason}`,
        });
        return;
      }
      const unclaimed = types.filter((type) => !registry.providersByType.has(type));
      if (unclaimed.length) {
        failures.push({
          plugin: entry.name,
          packageName: outcome.packageName,
          reason: `it does not provide resource type ${quoted(unclaimed)}`,
        });
      }
    }),
  );

  if (failures.length) {
    const undeclared = [...entries.values()].filter((e) => !e.isDeclared).map((e) => e.name);
    throw new PluginLoadError(failures, {
      hint: undeclared.length
        ? `declare the provider in the workspace (providers: { ${undeclared[0] ?? ''}: { package: <npm package> } }) and install it in the project`
        : 'install the package in the project (npm install <package>) or fix its name in the workspace',
    });
  }
}

/** Calls the provider's factory with the resolved settings; a failure names the provider. */
async function createConfigured(
  registration: ProviderRegistration,
  entry: ProviderEntry,
  request: LoadProvidersRequest,
): Promise<Provider> {
  const { package: _package, types: _types, ...rawSettings } = entry.settings;
  const settings = request.resolveSettings
    ? await request.resolveSettings(rawSettings)
    : rawSettings;
  const provider = await registration.create({
    settings,
    context: request.context,
    io: request.io,
    signal: request.signal,
    sealer: request.sealer,
  });
  if (!isProvider(provider)) {
    throw new PluginLoadError([
      {
        plugin: entry.name,
        packageName: entry.settings.package ?? `provider ${registration.name}`,
        reason: `its factory returned ${describeValue(provider)}, not a provider of kind "resource" or "batch" (contract ${CONTRACT_VERSION})`,
      },
    ]);
  }
  return provider;
}

function isProvider(value: unknown): value is Provider {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof value === 'object' && value !== null && (kind === 'resource' || kind === 'batch');
}

function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const kind = (value as { kind?: unknown }).kind;
  return kind === undefined
    ? 'an object without "kind"'
    : `an object of kind ${JSON.stringify(kind)}`;
}

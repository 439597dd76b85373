/**
 * Imports a plugin package and applies every plugin it exports. Candidates are tried in order
 * (`@kusion/provider-x`, then `kusion-provider-x`); the first that resolves is the one used.
 */
import { isKusionPlugin } from '@kusion/sdk';
import { registerSdkFallback } from '../config/sdk-fallback.js';
import { resolvePluginPackage } from './package-resolver.js';
import type { PluginRegistry } from './plugin-registry.js';

export type ImportOutcome =
  | { readonly packageName: string; /** The entry point imported. */ readonly url: string }
  | { readonly packageName: string; readonly reason: string };

export async function importPluginPackage(
  candidates: readonly string[],
  projectDir: string,
  registry: PluginRegistry,
): Promise<ImportOutcome> {
  const tried: string[] = [];
  for (const packageName of candidates) {
    const resolved = resolvePluginPackage(packageName, projectDir);
    if ('notFound' in resolved) {
      tried.push(`${packageName} (${resolved.notFound})`);
      continue;
    }
    const reason = await importAndApply(resolved.url, registry);
    return reason ? { packageName, reason } : { packageName, url: resolved.url };
  }
  return { packageName: candidates.join(' or '), reason: `not found; tried ${tried.join(', ')}` };
}

async function importAndApply(url: string, registry: PluginRegistry): Promise<string | undefined> {
  // A plugin installed in a project may leave its peer dependency, the sdk, to the engine.
  registerSdkFallback();
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return `it failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
  const plugins = [...new Set(Object.values(moduleExports))].filter(isKusionPlugin);
  if (!plugins.length) {
    return 'it exports no Kusion plugin (export one made with definePlugin or defineProvider from @kusion/sdk)';
  }
  for (const plugin of plugins) {
    try {
      await registry.apply(plugin);
    } catch (error) {
      return `plugin ${plugin.name} was refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return undefined;
}

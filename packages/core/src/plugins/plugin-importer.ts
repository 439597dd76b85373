/**
 * Imports a plugin package and applies every plugin it exports. Candidates are tried in order
 * (`@kusion/provider-x`, then `kusion-provider-x`); the first that resolves is the one used.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isKusionPlugin } from '@kusion/sdk';
import { registerSdkFallback } from '../config/sdk-fallback.js';
import type { Attributes } from '@kusion/sdk';
import { resolvePluginPackage } from './package-resolver.js';
import type { PluginRegistry } from './plugin-registry.js';

export type ImportOutcome =
  | { readonly packageName: string; /** The entry point imported. */ readonly url: string }
  | { readonly packageName: string; readonly reason: string };

export interface ImportPluginOptions {
  /** Handed to every plugin of the package as `host.settings`. */
  readonly settings?: Attributes | undefined;
  /** What asked for the package (`project.yaml`, `workspace prod`...), for `kusion plugin list`. */
  readonly declaredIn?: string | undefined;
}

export async function importPluginPackage(
  candidates: readonly string[],
  projectDir: string,
  registry: PluginRegistry,
  options: ImportPluginOptions = {},
): Promise<ImportOutcome> {
  const tried: string[] = [];
  for (const packageName of candidates) {
    const resolved = resolvePluginPackage(packageName, projectDir);
    if ('notFound' in resolved) {
      tried.push(`${packageName} (${resolved.notFound})`);
      continue;
    }
    const reason = await importAndApply(resolved.url, registry, {
      settings: options.settings,
      projectDir,
      origin: {
        declaredIn: options.declaredIn ?? 'code',
        packageName,
        path: fileURLToPath(resolved.url),
        version: await packageVersion(resolved.url, packageName),
      },
    });
    return reason ? { packageName, reason } : { packageName, url: resolved.url };
  }
  return { packageName: candidates.join(' or '), reason: `not found; tried ${tried.join(', ')}` };
}

async function importAndApply(
  url: string,
  registry: PluginRegistry,
  options: Parameters<PluginRegistry['apply']>[1],
): Promise<string | undefined> {
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
      await registry.apply(plugin, options);
    } catch (error) {
      return `plugin ${plugin.name} was refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return undefined;
}

/** The version in the package.json of the package a resolved entry file belongs to. */
async function packageVersion(url: string, packageName: string): Promise<string | undefined> {
  for (let dir = dirname(fileURLToPath(url)); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { name?: unknown; version?: unknown },
      () => undefined,
    );
    if (manifest?.name === packageName)
      return typeof manifest.version === 'string' ? manifest.version : undefined;
    if (dirname(dir) === dir) return undefined;
  }
}

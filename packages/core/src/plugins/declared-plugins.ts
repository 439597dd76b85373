/**
 * Hook plugins named in a project or workspace file (`plugins: [{ package, settings }]`): imported
 * through the same importer as providers (the project's node_modules first), applied with their
 * settings, every failure reported together.
 */
import { PluginLoadError } from '@kusion/sdk';
import type { PluginLoadFailure, PluginSettings } from '@kusion/sdk';
import { importPluginPackage } from './plugin-importer.js';
import type { PluginRegistry } from './plugin-registry.js';

export interface ApplyDeclaredPluginsRequest {
  readonly declarations: readonly PluginSettings[];
  /** `project.yaml` or `workspace <name>`: named in failures and by `kusion plugin list`. */
  readonly declaredIn: string;
  readonly projectDir: string;
  readonly registry: PluginRegistry;
}

/**
 * A full name is used as is; a short one (`policy`) expands to `@kusion/plugin-policy`, then
 * `kusion-plugin-policy`, then the name itself.
 */
export function pluginPackageCandidates(name: string): readonly string[] {
  if (name.startsWith('@') || name.startsWith('kusion-') || name.startsWith('.')) return [name];
  return [`@kusion/plugin-${name}`, `kusion-plugin-${name}`, name];
}

export async function applyDeclaredPlugins(request: ApplyDeclaredPluginsRequest): Promise<void> {
  const failures: PluginLoadFailure[] = [];
  // In order: a plugin may rely on taps an earlier one made (a waterfall's order is the file's).
  for (const [index, declaration] of request.declarations.entries()) {
    const outcome = await importPluginPackage(
      pluginPackageCandidates(declaration.package),
      request.projectDir,
      request.registry,
      { settings: declaration.settings ?? {}, declaredIn: request.declaredIn },
    );
    if ('reason' in outcome) {
      failures.push({
        plugin: `plugins[${index}] of ${request.declaredIn}`,
        packageName: outcome.packageName,
        reason: outcome.reason,
      });
    }
  }
  if (failures.length) {
    throw new PluginLoadError(failures, {
      hint: `install the package in the project (npm install <package>), or fix or remove the entry under plugins: in ${request.declaredIn}`,
    });
  }
}

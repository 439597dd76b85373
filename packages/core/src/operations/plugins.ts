/**
 * `plugin list`: what a run of this stack in this workspace loads — the plugins passed in code, the
 * project file's and the workspace's `plugins:`, and the provider packages the workspace names —
 * where each came from, which hooks it taps and what it registers.
 */
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { LoadedPlugin } from '../plugins/plugin-registry.js';
import { providerPackageCandidates } from '../plugins/provider-loader.js';
import { withScope } from './stack-session.js';
import type { StackOptions } from './stack-session.js';

export type { LoadedPlugin, PluginOrigin } from '../plugins/plugin-registry.js';

export interface PluginListing {
  readonly project: string;
  readonly workspace: string;
  /** In the order they were applied. */
  readonly plugins: readonly LoadedPlugin[];
  /** Provider packages the workspace names that could not be loaded, with why. */
  readonly failures: readonly {
    readonly declaredIn: string;
    readonly packageName: string;
    readonly reason: string;
  }[];
}

export function listPlugins(options: StackOptions): Promise<PluginListing> {
  return withScope(
    options,
    async ({ engine, files, workspace, scope }) => {
      const failures: PluginListing['failures'][number][] = [];
      for (const [name, settings] of Object.entries(workspace.providers ?? {})) {
        const declaredIn = `workspace ${workspace.name} (providers.${name})`;
        const outcome = await importPluginPackage(
          providerPackageCandidates(name, settings),
          files.projectDir,
          engine.registry,
          { declaredIn },
        );
        if ('reason' in outcome)
          failures.push({ declaredIn, packageName: outcome.packageName, reason: outcome.reason });
      }
      return {
        project: scope.project,
        workspace: scope.workspace,
        plugins: [...engine.registry.loaded.values()],
        failures,
      };
    },
    true,
  );
}

/**
 * Turns a stack's configuration into a Spec: resources written directly, plus what modules generate
 * from each app's workload and accessories with the workspace's module configuration. Every
 * resource then passes through the `resource` hook.
 */
import { PluginLoadError } from '@kusion/sdk';
import type {
  Attributes,
  Hooks,
  ModuleSettings,
  PluginLoadFailure,
  Resource,
  ResourceHookContext,
  Spec,
  StackConfiguration,
  Workspace,
} from '@kusion/sdk';
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export interface GenerateSpecRequest {
  readonly configuration: StackConfiguration;
  readonly workspace: Workspace;
  readonly registry: PluginRegistry;
  readonly hooks: Hooks;
  readonly scope: ResourceHookContext;
  readonly projectDir: string;
}

interface AppPart {
  readonly appName: string;
  readonly kind: 'workload' | 'accessory';
  readonly name: string;
  readonly module: string;
  readonly value: Attributes;
}

export async function generateSpec(request: GenerateSpecRequest): Promise<Spec> {
  const { configuration, workspace, scope } = request;
  const parts = collectParts(configuration);
  await loadModules(new Set(parts.map((p) => p.module)), request);

  const resources: Resource[] = [...(configuration.resources ?? [])];
  for (const part of parts) {
    const module = request.registry.modules.get(part.module);
    if (!module) continue;
    const app = configuration.apps?.[part.appName] ?? {};
    const result = await module.generate({
      ...scope,
      projectDir: request.projectDir,
      appName: part.appName,
      app,
      part: { kind: part.kind, name: part.name, value: part.value },
      platform: moduleConfig(workspace.modules?.[part.module], scope.project),
      context: workspace.context ?? {},
      secretStore: workspace.secretStore,
    });
    resources.push(...result.resources);
  }
  if (!request.hooks.resource.isUsed()) return { resources };
  return { resources: resources.map((resource) => request.hooks.resource.call(resource, scope)) };
}

function collectParts(configuration: StackConfiguration): AppPart[] {
  const parts: AppPart[] = [];
  for (const [appName, app] of Object.entries(configuration.apps ?? {})) {
    if (app.workload) {
      parts.push({
        appName,
        kind: 'workload',
        name: appName,
        module: app.workload.module ?? app.workload.type,
        value: app.workload as unknown as Attributes,
      });
    }
    for (const [name, accessory] of Object.entries(app.accessories ?? {})) {
      parts.push({ appName, kind: 'accessory', name, module: accessory.module, value: accessory });
    }
  }
  return parts;
}

/** The module's `default` config with every patch whose `projectSelector` names the project. */
function moduleConfig(settings: ModuleSettings | undefined, project: string): Attributes {
  const { default: defaults = {}, ...patches } = settings?.configs ?? {};
  let merged: Record<string, unknown> = { ...defaults };
  for (const patch of Object.values(patches)) {
    if (!patch?.projectSelector?.includes(project)) continue;
    const { projectSelector: _selector, ...values } = patch;
    merged = { ...merged, ...values };
  }
  return merged;
}

async function loadModules(
  names: ReadonlySet<string>,
  request: GenerateSpecRequest,
): Promise<void> {
  const failures: PluginLoadFailure[] = [];
  await Promise.all(
    [...names]
      .filter((name) => !request.registry.modules.has(name))
      .map(async (name) => {
        const declared = request.workspace.modules?.[name]?.package;
        const candidates = declared
          ? [declared]
          : [`@kusion/module-${name}`, `kusion-module-${name}`];
        const outcome = await importPluginPackage(candidates, request.projectDir, request.registry);
        if ('reason' in outcome)
          failures.push({
            plugin: `module ${name}`,
            packageName: outcome.packageName,
            reason: outcome.reason,
          });
        else if (!request.registry.modules.has(name)) {
          failures.push({
            plugin: `module ${name}`,
            packageName: outcome.packageName,
            reason: `it does not register a module named "${name}"`,
          });
        }
      }),
  );
  if (failures.length) {
    throw new PluginLoadError(failures, {
      hint: 'install the module package in the project, or set modules.<name>.package in the workspace',
    });
  }
}

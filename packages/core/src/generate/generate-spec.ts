/**
 * Turns a stack's configuration into a Spec: the resources written directly, plus what modules
 * generate from each app with the workspace's module configuration (see `app-generator.ts`), the
 * app's Namespace and the kind ordering Kusion gives Kubernetes objects. Before any module runs,
 * the workspace's module settings and every app's settings are checked — all problems reported
 * together, nothing changed. Every resource then passes through the `resource` hook.
 */
import { ConfigError, KusionError, PluginLoadError } from '@kusion/sdk';
import type {
  Attributes,
  Diagnostic,
  Hooks,
  Resource,
  ResourceHookContext,
  Spec,
  StackConfiguration,
  Workspace,
} from '@kusion/sdk';
import type { ProjectFile, StackFile } from '../config/project-files.js';
import { createPlainSource, sortDiagnostics } from '../config/source-file.js';
import type { SourceFile } from '../config/source-file.js';
import { checkModuleSettings } from '../config/workspace-modules.js';
import { loadModules } from '../plugins/module-loader.js';
import type { LoadedModule } from '../plugins/module-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { generateApp } from './app-generator.js';
import { appNamespace, namespaceResource } from './app-namespace.js';
import { checkParts, collectParts } from './app-parts.js';
import type { AppPart } from './app-parts.js';
import { orderByKind } from './kind-ordering.js';
import { checkProjectPlatform, platformConfigFor } from './platform-config.js';

export interface GenerateSpecRequest {
  readonly configuration: StackConfiguration;
  /** The parsed configuration file, to place problems at their line. */
  readonly source?: SourceFile | undefined;
  /**
   * Problems the engine's own schema found in the file: reported with those the modules' schemas
   * find in the apps, in one error (when the apps are readable enough to find their modules).
   */
  readonly problems?: readonly Diagnostic[] | undefined;
  /** The workspace as stored: its `context` still holds `ref://` values. */
  readonly workspace: Workspace;
  /** The workspace's `context` with its `ref://` values resolved: what modules receive. */
  readonly context?: Attributes | undefined;
  readonly registry: PluginRegistry;
  readonly hooks: Hooks;
  readonly scope: ResourceHookContext;
  readonly projectDir: string;
  readonly files: { readonly project: ProjectFile; readonly stack: StackFile };
  /** A stable secret value for a label: generated Secret values that do not drift. */
  readonly deriveSecret: (label: string) => Promise<string>;
}

export async function generateSpec(request: GenerateSpecRequest): Promise<Spec> {
  const { configuration, workspace } = request;
  const earlier = request.problems ?? [];
  const parts = collectParts(configuration);
  if (earlier.length && !parts.length) throw new ConfigError(earlier);
  const written = configuration.resources ?? [];
  if (!parts.length && !Object.keys(configuration.apps ?? {}).length)
    return { resources: applyResourceHook(written, request) };

  const modules = await checkedModules(parts, request);
  const namespace = appNamespace(request.files.project, request.files.stack);
  const generated: Resource[] = [];
  for (const [appName, app] of Object.entries(configuration.apps ?? {})) {
    generated.push(
      ...(await generateApp({
        scope: request.scope,
        projectDir: request.projectDir,
        appName,
        app,
        parts: parts.filter((part) => part.appName === appName),
        modules,
        platformOf: (module) =>
          platformConfigFor(workspace.modules?.[module], request.scope.project),
        namespace,
        context: request.context ?? workspace.context ?? {},
        secretStore: workspace.secretStore,
        deriveSecret: request.deriveSecret,
      })),
    );
  }
  const namespaceObject = namespaceResource(namespace);
  const needsNamespace =
    generated.some((r) => r.type === 'Kubernetes') &&
    !generated.some((r) => r.id === namespaceObject.id) &&
    !written.some((r) => r.id === namespaceObject.id);
  const ordered = orderByKind(needsNamespace ? [namespaceObject, ...generated] : generated);
  const resources = [...written, ...ordered];
  assertUniqueIds(written, ordered);
  return {
    resources: applyResourceHook(resources, request),
    // Kusion's Spec carries them: where `ref://` values resolve, and what modules were given.
    ...(workspace.secretStore ? { secretStore: workspace.secretStore } : {}),
    ...(workspace.context ? { context: workspace.context } : {}),
  };
}

/**
 * Loads the parts' modules, then checks the workspace's module settings (Kusion's rules, the
 * platform schemas for this project) and every part against its module's app schema: all
 * problems in one error, before anything is generated.
 */
async function checkedModules(
  parts: readonly AppPart[],
  request: GenerateSpecRequest,
): Promise<ReadonlyMap<string, LoadedModule>> {
  const { workspace } = request;
  const workspaceSource = createPlainSource(`workspace "${workspace.name}"`, workspace);
  const earlier = request.problems ?? [];
  const settingsProblems = checkModuleSettings(workspaceSource);
  if (earlier.length && settingsProblems.length) throw new ConfigError(earlier);
  if (settingsProblems.length) {
    throw new ConfigError(settingsProblems, {
      hint: `fix the workspace file, then \`kusion workspace update ${workspace.name} -f <file>\``,
    });
  }
  const { loaded, problems } = await loadModules({
    names: parts.map((part) => part.module),
    workspace,
    registry: request.registry,
    projectDir: request.projectDir,
  });
  // The file's own problems first: a module named by a typo is one of them.
  if (earlier.length && problems.length) throw new ConfigError(earlier);
  if (problems.length) {
    throw new PluginLoadError(
      problems.map((problem) => ({
        plugin: `module ${problem.origin.name}`,
        packageName: problem.packageName,
        reason: problem.reason,
      })),
      {
        hint: problems.some((p) => p.isInstallation)
          ? `install the module packages in the project (npm install ${problems
              .filter((p) => p.isInstallation)
              .map((p) => p.origin.candidates[0] ?? p.packageName)
              .join(' ')}), or set modules.<name>.package in the workspace`
          : 'set modules.<name>.package in the workspace to a package that registers the module',
      },
    );
  }
  const source =
    request.source ?? createPlainSource('the stack configuration', request.configuration);
  const diagnostics: Diagnostic[] = withoutRepeats(
    sortDiagnostics([...earlier, ...(await checkParts(parts, loaded, source))]),
  );
  for (const module of loaded.values())
    diagnostics.push(
      ...(await checkProjectPlatform(module, workspaceSource, request.scope.project)),
    );
  if (diagnostics.length) throw new ConfigError(diagnostics);
  return loaded;
}

/** A value both schemas refuse for the same reason is reported once. */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file ?? ''}:${String(d.line)}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assertUniqueIds(written: readonly Resource[], generated: readonly Resource[]): void {
  const writtenIds = new Set(written.map((r) => r.id));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const resource of generated) {
    if (seen.has(resource.id) || writtenIds.has(resource.id)) duplicates.add(resource.id);
    seen.add(resource.id);
  }
  if (duplicates.size) {
    const list = [...duplicates].map((id) => `"${id}"`).join(', ');
    throw new KusionError(
      'SPEC_INVALID',
      `${duplicates.size > 1 ? 'resources' : 'resource'} ${list} ${duplicates.size > 1 ? 'are' : 'is'} generated twice (by two modules or apps, or by a module and main.yaml)`,
      {
        hint: 'give the apps or accessories different names, or remove the resource written in main.yaml',
      },
    );
  }
}

function applyResourceHook(
  resources: readonly Resource[],
  request: GenerateSpecRequest,
): Resource[] {
  if (!request.hooks.resource.isUsed()) return [...resources];
  return resources.map((resource) => request.hooks.resource.call(resource, request.scope));
}

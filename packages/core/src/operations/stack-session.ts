/**
 * Opens one stack in one workspace: its files, the workspace (from the backend, through the
 * `workspaceLoaded` hook), the Spec, and — lazily — only the providers the run needs.
 */
import { join } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { ProviderContext, ReleaseScope, Resource, Spec, Workspace } from '@kusion/sdk';
import { adaptKusionWorkspace } from '../config/kusion-workspace.js';
import { findStackDir, loadStackFiles, PROJECT_FILE } from '../config/project-files.js';
import { listProjectStacks } from '../config/project-stacks.js';
import type { StackFiles } from '../config/project-files.js';
import type { SourceFile } from '../config/source-file.js';
import { loadSpecFile } from '../config/spec-file.js';
import { readStackConfiguration } from '../config/stack-configuration.js';
import { generateSpec } from '../generate/generate-spec.js';
import { mayReferenceOtherStacks } from '../graph/references.js';
import { analyzeSpec } from '../graph/spec-analysis.js';
import { applyDeclaredPlugins } from '../plugins/declared-plugins.js';
import type { SpecAnalysis } from '../graph/spec-analysis.js';
import { loadProviders } from '../plugins/provider-loader.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { createRun } from '../run/run.js';
import type { Run, RunOptions } from '../run/run.js';
import { createSecretDeriver } from '../secrets/derived-secret.js';
import { createSealer } from '../secrets/sealed-values.js';
import { createSecretResolver } from '../secrets/secret-resolver.js';
import type { SecretResolver } from '../secrets/secret-resolver.js';
import { withEngine } from './engine-context.js';
import type { EngineContext, EngineOptions } from './engine-context.js';

export interface StackOptions extends EngineOptions {
  /** A folder inside the stack; default: the current directory. */
  readonly workdir?: string | undefined;
  /** Default: the current workspace. */
  readonly workspace?: string | undefined;
  /** Deploy this Spec (YAML or JSON, as Kusion writes it) instead of generating one. */
  readonly specFile?: string | undefined;
  /** Type-check a `main.ts` before loading it (default true). */
  readonly typecheck?: boolean | undefined;
  /** `-D key=value` (Kusion's `--argument`): `ctx.args` of a `main.ts` that exports a function. */
  readonly arguments?: Readonly<Record<string, string>> | undefined;
}

export interface StackSession {
  readonly engine: EngineContext;
  readonly files: StackFiles;
  readonly scope: ReleaseScope;
  readonly workspace: Workspace;
  /** As generated: references to other stacks (`$kusion_path.<stack>/…`) not resolved yet. */
  readonly spec: Spec;
  readonly providerContext: ProviderContext;
  /** Resolves `ref://` values through the workspace's secret store (each value scrubbed). */
  readonly resolveSecrets: SecretResolver;
  /** The names of the project's stacks, when the Spec may reference one; empty otherwise. */
  readonly projectStacks: ReadonlySet<string>;
  /** `main.yaml:12` for a resource written in a file. */
  locate(id: string): string | undefined;
  /** Loads the providers of these resource types, created from the workspace settings. */
  loadProviders(types: Iterable<string>): Promise<LoadedProviders>;
  /** The graph of `resources`, with the edges and facts providers infer. */
  analyze(resources: readonly Resource[], providers: LoadedProviders): SpecAnalysis;
  /**
   * The one description of a run in this stack, from the caller's options; `stopSignals` are
   * further reasons to stop scheduling (the run's lock lost).
   */
  createRun(options: RunOptions, stopSignals?: readonly AbortSignal[]): Run;
}

/** What opening a stack reads from the options. */
export type StackSelection = Pick<
  StackOptions,
  'workdir' | 'workspace' | 'specFile' | 'typecheck' | 'arguments'
>;

/** A stack in a workspace, without its Spec: enough for releases and locks. */
export interface StackScope {
  readonly engine: EngineContext;
  readonly files: StackFiles;
  readonly workspace: Workspace;
  readonly scope: ReleaseScope;
}

/** Runs `use` with the stack's scope (no Spec): releases and locks; with `loadsPlugins`, the files' plugins applied. */
export function withScope<T>(
  options: StackOptions,
  use: (scope: StackScope) => Promise<T>,
  loadsPlugins = false,
): Promise<T> {
  return withEngine(options, async (engine) =>
    use(await engine.timings.measure('load', () => openScope(engine, options, loadsPlugins))),
  );
}

/**
 * Runs `use` with the stack opened: files, workspace, Spec; the backend is closed afterwards.
 * `spec: 'none'` skips generating the Spec (its `spec` is then empty): for what works from the
 * latest release alone — destroy, drift, rollback — so a stack deployed only with `--spec-file`
 * needs no main.yaml or main.ts for them.
 */
export function withStack<T>(
  options: StackOptions,
  use: (session: StackSession) => Promise<T>,
  { spec = 'generate' }: { readonly spec?: 'generate' | 'none' } = {},
): Promise<T> {
  return withEngine(options, async (engine) =>
    use(await openStack(engine, options, spec === 'generate')),
  );
}

/**
 * Opens the stack, workspace and plugins. With `loadsPlugins`, the project file's `plugins:` are
 * applied before the workspace is loaded (they may tap `workspaceLoaded`), the workspace's after.
 */
async function openScope(
  engine: EngineContext,
  options: StackSelection,
  loadsPlugins = false,
): Promise<StackScope> {
  const files = await loadStackFiles(await findStackDir(options.workdir ?? process.cwd()));
  const { projectDir } = files;
  const { registry } = engine;
  if (loadsPlugins && files.project.plugins?.length) {
    const declarations = files.project.plugins;
    await applyDeclaredPlugins({ declarations, declaredIn: PROJECT_FILE, projectDir, registry });
  }
  const workspace = await loadSelectedWorkspace(engine, options.workspace);
  if (loadsPlugins && workspace.plugins?.length) {
    const declaredIn = `workspace ${workspace.name}`;
    const declarations = workspace.plugins;
    await applyDeclaredPlugins({ declarations, declaredIn, projectDir, registry });
  }
  const scope = { project: files.project.name, stack: files.stack.name, workspace: workspace.name };
  return { engine, files, workspace, scope };
}

/** Opens one stack in one workspace on an engine: files, workspace, plugins, the generated Spec. */
export async function openStack(
  engine: EngineContext,
  options: StackSelection,
  loadsSpec = true,
): Promise<StackSession> {
  const { timings } = engine;
  const { files, workspace, scope } = await timings.measure('load', () =>
    openScope(engine, options, true),
  );
  const providerContext: ProviderContext = { ...scope, projectDir: files.projectDir };

  const resolveSecrets = createSecretResolver({
    workspace,
    registry: engine.registry,
    projectDir: files.projectDir,
    signal: engine.signal,
    scrubber: engine.scrubber,
  });
  const { spec, locate } = loadsSpec
    ? await timings.measure('generate', () =>
        loadSpec(options, engine, files, workspace, scope, () =>
          resolveSecrets(workspace.context ?? {}),
        ),
      )
    : { spec: { resources: [] }, locate: () => undefined };
  const projectStacks = mayReferenceOtherStacks(spec.resources)
    ? new Set(
        (await listProjectStacks(files.projectDir))
          .map((stack) => stack.name)
          .filter((name) => name !== scope.stack),
      )
    : new Set<string>();
  return {
    engine,
    files,
    scope,
    workspace,
    spec,
    providerContext,
    resolveSecrets,
    projectStacks,
    locate,
    loadProviders: (types) =>
      timings.measure('load', () =>
        loadProviders({
          types,
          workspace,
          registry: engine.registry,
          context: providerContext,
          io: engine.io,
          signal: engine.signal,
          resolveSettings: resolveSecrets,
          sealer: createSealer(engine.sealing),
        }),
      ),
    analyze: (resources, providers) => analyzeSpec(resources, providers, locate, projectStacks),
    createRun: (runOptions, stopSignals) =>
      createRun({
        stopSignals,
        context: providerContext,
        io: engine.io,
        hooks: engine.hooks,
        scrubber: engine.scrubber,
        resolveSecret: resolveSecrets.resolveText,
        signal: engine.signal,
        abortSignal: engine.abortSignal,
        timings,
        options: runOptions,
      }),
  };
}

async function loadSpec(
  options: StackSelection,
  engine: EngineContext,
  files: StackFiles,
  workspace: Workspace,
  scope: ReleaseScope,
  resolvedContext: () => Promise<Workspace['context']>,
): Promise<{ spec: Spec; locate: (id: string) => string | undefined }> {
  if (options.specFile) {
    const { spec, source } = await loadSpecFile(options.specFile);
    return { spec, locate: locator(source) };
  }
  const loaded = await readStackConfiguration(files.stackDir, {
    typecheck: options.typecheck,
    typecheckCacheDir: join(engine.kusionHome, 'cache', 'typecheck'),
    context: { ...scope, args: options.arguments ?? {} },
  });
  const spec = await generateSpec({
    configuration: loaded.configuration,
    source: loaded.source,
    problems: loaded.problems,
    workspace,
    context: await resolvedContext(),
    registry: engine.registry,
    hooks: engine.hooks,
    scope,
    projectDir: files.projectDir,
    files,
    deriveSecret: createSecretDeriver(() => engine.sealing.current(), scope, engine.scrubber),
  });
  return { spec, locate: loaded.source ? locator(loaded.source) : () => undefined };
}

/** `main.yaml:12` for a resource written in the file, found by id (generated ones have none). */
function locator(source: SourceFile): (id: string) => string | undefined {
  let indexById: Map<string, number> | undefined;
  return (id) => {
    if (!indexById) {
      const written = (source.value as { resources?: unknown } | null)?.resources;
      const list = Array.isArray(written) ? (written as { id?: unknown }[]) : [];
      indexById = new Map(list.map((r, index) => [String(r.id), index]));
    }
    const index = indexById.get(id);
    const location = index === undefined ? undefined : source.locate(['resources', index]);
    return location ? `${location.file}:${location.line}` : undefined;
  };
}

export async function loadSelectedWorkspace(
  engine: EngineContext,
  requested: string | undefined,
): Promise<Workspace> {
  const store = engine.backend.workspaces;
  const name = requested ?? (await store.getCurrent());
  if (!name) {
    const existing = await store.list();
    throw new KusionError('NO_WORKSPACE', 'no workspace selected', {
      hint: existing.length
        ? `pass --workspace (one of: ${existing.join(', ')}) or select one with \`kusion workspace switch <name>\``
        : 'create one first: `kusion workspace create dev -f workspaces/dev.yaml`',
    });
  }
  const workspace = await store.get(name);
  if (!workspace) {
    const existing = await store.list();
    throw new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
      hint: existing.length
        ? `existing workspaces: ${existing.join(', ')}; or create it with \`kusion workspace create ${name} -f <file>\``
        : `create it with \`kusion workspace create ${name} -f <file>\``,
    });
  }
  // A workspace Kusion wrote in $KUSION_HOME is read in place, with Kusion's meaning.
  const adapted = adaptKusionWorkspace(workspace);
  for (const notice of adapted.notices) {
    await engine.io.notify({
      level: 'warn',
      code: 'WORKSPACE_NOTICE',
      message: `workspace ${name}: ${notice.message}`,
      data: { workspace: name },
    });
  }
  if (adapted.problems.length) {
    throw new KusionError(
      'CONFIG_INVALID',
      `workspace ${name}: ${adapted.problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`).join('; ')}`,
      { hint: `fix it with \`kusion workspace update ${name} -f <file>\`` },
    );
  }
  return engine.hooks.workspaceLoaded.promise(adapted.value);
}

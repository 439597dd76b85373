/**
 * `kusion mod list` and `kusion mod schema`: the modules a workspace configures, as this machine
 * has them installed (packages resolve from the project's node_modules first, then the engine's
 * installation), and the stack-configuration schema with their app settings.
 */
import type { JsonSchema, ModuleSettings } from '@kusion/sdk';
import { findProjectDir, findStackDir } from '../config/project-files.js';
import { readStackConfiguration } from '../config/stack-configuration.js';
import { collectParts } from '../generate/app-parts.js';
import { composeStackSchema } from '../generate/stack-schema.js';
import { loadModules } from '../plugins/module-loader.js';
import type { LoadedModule, ModuleLoadProblem } from '../plugins/module-loader.js';
import { withEngine } from './engine-context.js';
import type { EngineContext, EngineOptions } from './engine-context.js';
import { loadSelectedWorkspace } from './stack-session.js';

export interface ModuleOptions extends EngineOptions {
  /** Default: the current workspace. */
  readonly workspace?: string | undefined;
  /** Where packages resolve from (the nearest project above it); default: the current folder. */
  readonly workdir?: string | undefined;
}

export interface SchemaSummary {
  /** Top-level settings, in the schema's order. */
  readonly properties: readonly string[];
  readonly required: readonly string[];
}

export interface ModuleSummary {
  /** The name apps use: the key under the workspace's `modules`. */
  readonly name: string;
  /** The package used, or the candidates tried when none is installed. */
  readonly package: string;
  readonly status: 'installed' | 'not installed' | 'version mismatch' | 'invalid';
  /** The installed package's version. */
  readonly installedVersion?: string | undefined;
  /** The workspace's semver range. */
  readonly versionRange?: string | undefined;
  /** Kusion's module location and version, when the workspace was written for Kusion. */
  readonly kusion?: { readonly path: string; readonly version?: string | undefined } | undefined;
  /** Why it is not usable, when it is not. */
  readonly problem?: string | undefined;
  readonly schemas: { readonly app?: SchemaSummary; readonly platform?: SchemaSummary };
  /** The workspace's config blocks: `default`'s keys, and each patcher's projects. */
  readonly configs: {
    readonly default: readonly string[];
    readonly patchers: readonly { readonly name: string; readonly projects: readonly string[] }[];
  };
}

export interface ModuleList {
  readonly workspace: string;
  readonly modules: readonly ModuleSummary[];
}

export function listModules(options: ModuleOptions): Promise<ModuleList> {
  return withEngine(options, async (engine) => {
    const workspace = await loadSelectedWorkspace(engine, options.workspace);
    const settings = workspace.modules ?? {};
    const names = Object.keys(settings).sort();
    const { loaded, problems } = await loadModules({
      names,
      workspace,
      registry: engine.registry,
      projectDir: await resolutionDir(options),
    });
    const problemOf = new Map(problems.map((p) => [p.origin.name, p]));
    return {
      workspace: workspace.name,
      modules: names.map((name) =>
        summarize(name, settings[name], loaded.get(name), problemOf.get(name)),
      ),
    };
  });
}

export interface ModuleSchemaResult {
  readonly workspace: string;
  readonly schema: Readonly<Record<string, unknown>>;
  /** The modules whose app settings the schema holds. */
  readonly modules: readonly string[];
}

/**
 * The stack-configuration schema with the app settings of the workspace's modules, of `service`
 * and `job` (the workload's defaults), and of the modules the current stack names, where installed.
 */
export function moduleSchema(options: ModuleOptions): Promise<ModuleSchemaResult> {
  return withEngine(options, async (engine) => {
    const workspace = await loadSelectedWorkspace(engine, options.workspace);
    const names = new Set([
      ...Object.keys(workspace.modules ?? {}),
      'service',
      'job',
      ...(await modulesOfStack(options.workdir)),
    ]);
    const { loaded, problems } = await loadModules({
      names,
      workspace,
      registry: engine.registry,
      projectDir: await resolutionDir(options),
    });
    await warnAbout(engine, problems, new Set(Object.keys(workspace.modules ?? {})));
    const modules = [...loaded.values()];
    return {
      workspace: workspace.name,
      schema: await composeStackSchema(workspace.name, modules),
      modules: modules
        .filter((m) => m.registration.schemas?.app)
        .map((m) => m.origin.name)
        .sort(),
    };
  });
}

/** The modules a stack's apps name, when run in a stack whose file can be read. */
async function modulesOfStack(workdir: string | undefined): Promise<string[]> {
  try {
    const loaded = await readStackConfiguration(await findStackDir(workdir ?? process.cwd()));
    return collectParts(loaded.configuration).map((part) => part.module);
  } catch {
    return []; // not in a stack, or its file is broken: the schema is what helps fix it
  }
}

async function warnAbout(
  engine: EngineContext,
  problems: readonly ModuleLoadProblem[],
  configured: ReadonlySet<string>,
): Promise<void> {
  for (const problem of problems) {
    // `service` and `job` are only tried: not having them is no news.
    if (!configured.has(problem.origin.name) && problem.reason.startsWith('not found')) continue;
    await engine.io.notify({
      level: 'warn',
      code: 'MODULE_NOTICE',
      message: `module ${problem.origin.name} (${problem.packageName}): ${problem.reason}; the schema leaves its settings unchecked`,
      data: { module: problem.origin.name, packageName: problem.packageName },
    });
  }
}

async function resolutionDir(options: ModuleOptions): Promise<string> {
  const start = options.workdir ?? process.cwd();
  return (await findProjectDir(start)) ?? start;
}

function summarize(
  name: string,
  settings: ModuleSettings | undefined,
  module: LoadedModule | undefined,
  problem: ModuleLoadProblem | undefined,
): ModuleSummary {
  const origin = module?.origin ?? problem?.origin;
  const status: ModuleSummary['status'] = module
    ? 'installed'
    : problem?.reason.startsWith('not found')
      ? 'not installed'
      : problem?.isInstallation
        ? 'version mismatch'
        : 'invalid';
  const { default: defaults = {}, ...patchers } = settings?.configs ?? {};
  const app = module?.registration.schemas?.app;
  const platform = module?.registration.schemas?.platform;
  return {
    name,
    package: module
      ? (module.packageName ?? '(a plugin the caller applied)')
      : (problem?.packageName ?? origin?.candidates.join(' or ') ?? ''),
    status,
    ...(module?.version === undefined ? {} : { installedVersion: module.version }),
    ...(origin?.versionRange === undefined ? {} : { versionRange: origin.versionRange }),
    ...(origin?.kusion ? { kusion: origin.kusion } : {}),
    ...(problem ? { problem: problem.reason } : {}),
    schemas: {
      ...(app ? { app: summarizeSchema(app) } : {}),
      ...(platform ? { platform: summarizeSchema(platform) } : {}),
    },
    configs: {
      default: Object.keys(defaults),
      patchers: Object.entries(patchers).map(([patcher, block]) => ({
        name: patcher,
        projects: Array.isArray(block?.projectSelector)
          ? block.projectSelector.filter((p): p is string => typeof p === 'string')
          : [],
      })),
    },
  };
}

function summarizeSchema(schema: JsonSchema): SchemaSummary {
  const properties = schema.properties;
  const required = schema.required;
  return {
    properties:
      typeof properties === 'object' && properties !== null ? Object.keys(properties) : [],
    required: Array.isArray(required) ? required.filter((r) => typeof r === 'string') : [],
  };
}

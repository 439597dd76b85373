/**
 * The platform configuration a module gets for a project, by Kusion's rule (`GetProjectModuleConfig`):
 * the workspace's `configs.default`, with the top-level keys of the one patcher whose
 * `projectSelector` names the project written over it. The engine keeps for itself the keys every
 * module shares (`importedResources`, `healthPolicy`); the module sees the rest, validated against
 * its `schemas.platform`.
 */
import type { Attributes, Diagnostic, ModuleSettings } from '@kusion/sdk';
import { diagnosticAt } from '../config/source-file.js';
import type { JsonPath, SourceFile } from '../config/source-file.js';
import { DEFAULT_BLOCK, PROJECT_SELECTOR } from '../config/workspace-modules.js';
import type { LoadedModule } from '../plugins/module-loader.js';
import { validateAgainst } from './module-schemas.js';

/** Adopt existing cloud objects: generated resource id → the object's id in its cloud. */
export const IMPORTED_RESOURCES = 'importedResources';
/** A readiness rule, recorded in the extensions of the resources it is for. */
export const HEALTH_POLICY = 'healthPolicy';
const ENGINE_KEYS = [IMPORTED_RESOURCES, HEALTH_POLICY, PROJECT_SELECTOR];

export interface ProjectPlatformConfig {
  /** What the module's `generate` receives as `platform`. */
  readonly settings: Attributes;
  readonly importedResources: Readonly<Record<string, string>>;
  readonly healthPolicy: Attributes | undefined;
  /** The config block the project's settings come from: `default` or a patcher's name. */
  readonly block: string;
}

export function platformConfigFor(
  settings: ModuleSettings | undefined,
  project: string,
): ProjectPlatformConfig {
  const block = selectedBlock(settings, project);
  const merged = mergedBlock(settings, block);
  const imported = merged[IMPORTED_RESOURCES];
  const healthPolicy = merged[HEALTH_POLICY];
  return {
    settings: withoutEngineKeys(merged),
    importedResources: isRecord(imported)
      ? Object.fromEntries(
          Object.entries(imported).filter((entry): entry is [string, string] => {
            return typeof entry[1] === 'string';
          }),
        )
      : {},
    healthPolicy: isRecord(healthPolicy) ? healthPolicy : undefined,
    block,
  };
}

/** `default`, or the patcher that selects the project (validation leaves at most one). */
function selectedBlock(settings: ModuleSettings | undefined, project: string): string {
  for (const [name, block] of Object.entries(settings?.configs ?? {})) {
    if (name === DEFAULT_BLOCK) continue;
    const selector = block?.[PROJECT_SELECTOR];
    if (Array.isArray(selector) && selector.includes(project)) return name;
  }
  return DEFAULT_BLOCK;
}

/** `default` with a patcher's top-level keys written over it. */
function mergedBlock(settings: ModuleSettings | undefined, block: string): Record<string, unknown> {
  const configs = settings?.configs ?? {};
  const defaults = configs[DEFAULT_BLOCK] ?? {};
  return block === DEFAULT_BLOCK ? { ...defaults } : { ...defaults, ...configs[block] };
}

function withoutEngineKeys(block: Readonly<Record<string, unknown>>): Attributes {
  return Object.fromEntries(Object.entries(block).filter(([key]) => !ENGINE_KEYS.includes(key)));
}

/**
 * Checks the platform settings every project of the workspace could get — `default` alone, and
 * `default` with each patcher — against the module's `schemas.platform`. A problem is placed on the
 * block that wrote the offending key.
 */
export async function checkPlatformSettings(
  module: LoadedModule,
  source: SourceFile,
): Promise<Diagnostic[]> {
  const settings = module.origin.name;
  const configs = asRecord(asRecord(asRecord(asRecord(source.value).modules)[settings]).configs);
  const blocks = [DEFAULT_BLOCK, ...Object.keys(configs).filter((b) => b !== DEFAULT_BLOCK)];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const block of blocks) {
    for (const diagnostic of await checkBlock(module, source, block)) {
      const key = `${String(diagnostic.line)}:${diagnostic.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}

/** Checks what one project gets (before generating: the workspace was stored long ago). */
export function checkProjectPlatform(
  module: LoadedModule,
  source: SourceFile,
  project: string,
): Promise<Diagnostic[]> {
  const modules = asRecord(asRecord(source.value).modules);
  const settings = modules[module.origin.name] as ModuleSettings | undefined;
  return checkBlock(module, source, selectedBlock(settings, project));
}

async function checkBlock(
  module: LoadedModule,
  source: SourceFile,
  block: string,
): Promise<Diagnostic[]> {
  const schema = module.registration.schemas?.platform;
  if (!schema) return [];
  const name = module.origin.name;
  const settings = asRecord(asRecord(source.value).modules)[name] as ModuleSettings | undefined;
  const merged = withoutEngineKeys(mergedBlock(settings, block));
  const problems = await validateAgainst(
    { schema, owner: `module ${module.registration.name} (schemas.platform)` },
    merged,
  );
  const configsAt: JsonPath = ['modules', name, 'configs'];
  const patcher = asRecord(asRecord(settings?.configs)[block]);
  return problems.map((problem) => {
    const [first] = problem.path;
    const writtenIn =
      block !== DEFAULT_BLOCK && (first === undefined || String(first) in patcher)
        ? block
        : DEFAULT_BLOCK;
    return diagnosticAt(
      source,
      [...configsAt, writtenIn, ...problem.path],
      `${problem.message} (module ${name}${block === DEFAULT_BLOCK ? '' : `, for the projects of patcher "${block}"`})`,
    );
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

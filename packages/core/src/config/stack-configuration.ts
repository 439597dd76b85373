/** Loading a stack's configuration: `main.yaml` (or `main.yml`) or `main.ts`, exactly one. */
import { join, resolve } from 'node:path';
import {
  ConfigError,
  type Diagnostic,
  type StackConfiguration,
  type StackContext,
} from '@kusion/sdk';
import { describeFolder, displayPath } from './display-path.js';
import { isFile } from './file-system.js';
import { findDuplicateResourceIds } from './resource-ids.js';
import { sourceProblems } from './schema-validation.js';
import { createPlainSource, type SourceFile } from './source-file.js';
import { typecheckStackFile } from './typescript-check.js';
import { importDefaultExport } from './typescript-config.js';
import { readYamlSource } from './yaml-source.js';

export const STACK_CONFIGURATION_FILES = ['main.yaml', 'main.yml', 'main.ts'] as const;

export interface LoadedStackConfiguration {
  readonly configuration: StackConfiguration;
  /**
   * The parsed file, for pointing at problems found later (dangling references, cycles). This
   * loader always sets it; from `main.ts` it has no positions (`locate` answers undefined), so
   * messages name the file and the path.
   */
  readonly source: SourceFile | undefined;
  /** Absolute path of the file read. */
  readonly file: string;
}

export interface LoadStackOptions {
  /** Type-check `main.ts` before loading it (default true; `--no-typecheck` turns it off). */
  readonly typecheck?: boolean | undefined;
  /** Where passed type checks are remembered; none: check every time. */
  readonly typecheckCacheDir?: string | undefined;
  /** What a `main.ts` exporting a function (`defineStackWithContext((ctx) => ...)`) is called with. */
  readonly context?: StackContext | undefined;
}

/** Reads, validates and returns the stack's configuration; every problem in one `ConfigError`. */
export async function loadStackConfiguration(
  stackDir: string,
  options: LoadStackOptions = {},
): Promise<LoadedStackConfiguration> {
  const loaded = await readStackConfiguration(stackDir, options);
  if (loaded.problems.length > 0) throw new ConfigError(loaded.problems);
  return loaded;
}

/**
 * Reads the stack's configuration and returns its schema problems instead of throwing them, so
 * that the problems modules find in the apps' settings are reported in the same error. A file
 * that cannot be read or parsed (or a `main.ts` that does not type-check) still throws.
 */
export async function readStackConfiguration(
  stackDir: string,
  options: LoadStackOptions = {},
): Promise<LoadedStackConfiguration & { readonly problems: readonly Diagnostic[] }> {
  const dir = resolve(stackDir);
  const file = await findConfigurationFile(dir);
  if (file.endsWith('.ts') && options.typecheck !== false) {
    await typecheckStackFile({ file, cacheDir: options.typecheckCacheDir });
  }
  const source = file.endsWith('.ts')
    ? createPlainSource(displayPath(file), await evaluateStack(file, options.context))
    : await readYamlSource(file);
  const problems = await sourceProblems('stack-configuration', source, [findDuplicateResourceIds]);
  return { configuration: source.value as StackConfiguration, source, file, problems };
}

/** A `main.ts` default export: the configuration, or a function of the stack's context. */
async function evaluateStack(file: string, context: StackContext | undefined): Promise<unknown> {
  const exported = await importDefaultExport(file);
  if (typeof exported !== 'function') return exported;
  const emptyContext: StackContext = { project: '', stack: '', workspace: '', args: {} };
  try {
    return (await (exported as (ctx: StackContext) => unknown)(context ?? emptyContext)) ?? {};
  } catch (error) {
    throw new ConfigError(
      [
        {
          file: displayPath(file),
          message: `its default export threw: ${(error as Error).message}`,
        },
      ],
      {
        cause: error,
        hint: 'fix the function passed to defineStackWithContext (ctx.args holds the -D values)',
      },
    );
  }
}

/** What marks a KusionStack Kusion stack written in KCL. */
const KCL_FILES = ['main.k', 'kcl.mod'] as const;

/** Where the guide from KCL to YAML and TypeScript is. */
export const KCL_GUIDE = 'the section "Coming from Kusion: KCL stacks" of the kusion README';

/** One line: KCL was found, is not supported, and what to write instead. */
function kclNotSupported(where: string, found: readonly string[]): ConfigError {
  return new ConfigError(
    [
      {
        message: `${where} is a KCL stack (${found.join(', ')}): KCL stacks are not supported; write the same AppConfiguration in main.yaml or main.ts`,
      },
    ],
    {
      hint: `an AppConfiguration's workload and accessories map one to one to apps.<name> in main.yaml; see ${KCL_GUIDE}`,
    },
  );
}

async function findConfigurationFile(dir: string): Promise<string> {
  const present: string[] = [];
  for (const name of STACK_CONFIGURATION_FILES) {
    if (await isFile(join(dir, name))) present.push(name);
  }
  const [only, ...others] = present;
  if (only !== undefined && others.length === 0) return join(dir, only);

  const where = describeFolder(dir);
  if (only === undefined) {
    const kcl = [];
    for (const name of KCL_FILES) if (await isFile(join(dir, name))) kcl.push(name);
    if (kcl.length) throw kclNotSupported(where, kcl);
  }
  throw new ConfigError(
    [
      {
        message:
          only === undefined
            ? `no stack configuration in ${where}: expected ${STACK_CONFIGURATION_FILES.join(', ')}`
            : `${where} holds ${present.join(' and ')}: a stack has exactly one configuration file`,
      },
    ],
    {
      hint:
        only === undefined
          ? 'write the stack in main.yaml or main.ts (see `kusion init`)'
          : 'delete or rename the file you do not use',
    },
  );
}

/**
 * Finding a stack folder and reading the two files that name it: the stack's `stack.yaml` and its
 * project's `project.yaml` (in the stack folder or the nearest folder above it).
 */
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, isKusionError, KusionError, type Diagnostic } from '@kusion/sdk';
import type { PluginSettings } from '@kusion/sdk';
import { describeFolder, displayPath } from './display-path.js';
import { isDirectory, isFile } from './file-system.js';
import { assertValidSource, type SchemaName } from './schema-validation.js';
import { readYamlSource } from './yaml-source.js';

export const PROJECT_FILE = 'project.yaml';
export const STACK_FILE = 'stack.yaml';

/** `project.yaml`. */
export interface ProjectFile {
  readonly name: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Free-form settings for plugins (or Kusion's list of `{ kind, <kind>: {...} }`). */
  readonly extensions?: Readonly<Record<string, unknown>> | readonly unknown[];
  /** Hook plugins for every run of the project's stacks (policies, notifications, gates). */
  readonly plugins?: readonly PluginSettings[];
}

/** `stack.yaml`. */
export interface StackFile {
  readonly name: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Free-form settings for plugins (or Kusion's list of `{ kind, <kind>: {...} }`). */
  readonly extensions?: Readonly<Record<string, unknown>> | readonly unknown[];
}

export interface StackFiles {
  /** Absolute. */
  readonly projectDir: string;
  readonly project: ProjectFile;
  /** Absolute. */
  readonly stackDir: string;
  readonly stack: StackFile;
}

const STACK_HINT = 'run inside a stack folder, pass --workdir, or create one with `kusion init`';

/** `start` if it holds `stack.yaml`, else the nearest folder above it that does. */
export async function findStackDir(start: string): Promise<string> {
  const startDir = resolve(start);
  if (!(await isDirectory(startDir))) {
    throw new KusionError('PROJECT_NOT_FOUND', `no such folder: ${displayPath(startDir)}`, {
      hint: STACK_HINT,
    });
  }
  const stackDir = await findUp(startDir, STACK_FILE);
  if (stackDir !== undefined) return stackDir;

  // Standing in a project folder is the common mistake: name its stacks.
  const projectDir = await findUp(startDir, PROJECT_FILE);
  const stacks = projectDir === undefined ? [] : await childStacks(projectDir);
  const hint =
    projectDir !== undefined && stacks.length > 0
      ? `${describeFolder(projectDir)} is a project; run inside one of its stacks (${stacks.join(', ')}) or pass --workdir`
      : STACK_HINT;
  throw new KusionError(
    'PROJECT_NOT_FOUND',
    `no ${STACK_FILE} in ${describeFolder(startDir)} or any folder above it`,
    { hint },
  );
}

/** Reads and validates `stack.yaml` and `project.yaml`; problems in both are reported together. */
export async function loadStackFiles(stackDir: string): Promise<StackFiles> {
  const absoluteStackDir = resolve(stackDir);
  const stackPath = join(absoluteStackDir, STACK_FILE);
  if (!(await isFile(stackPath))) {
    throw new KusionError(
      'PROJECT_NOT_FOUND',
      `no ${STACK_FILE} in ${describeFolder(absoluteStackDir)}`,
      {
        hint: STACK_HINT,
      },
    );
  }
  const projectDir = await findUp(absoluteStackDir, PROJECT_FILE);
  if (projectDir === undefined) {
    throw new KusionError(
      'PROJECT_NOT_FOUND',
      `no ${PROJECT_FILE} in ${describeFolder(absoluteStackDir)} or any folder above it`,
      {
        hint: `create ${PROJECT_FILE} (with \`name: <project>\`) in the folder that holds the stack folders, or run \`kusion init\``,
      },
    );
  }

  const [project, stack] = await Promise.allSettled([
    readManifest(join(projectDir, PROJECT_FILE), 'project'),
    readManifest(stackPath, 'stack'),
  ]);
  if (project.status === 'fulfilled' && stack.status === 'fulfilled') {
    return {
      projectDir,
      project: project.value as ProjectFile,
      stackDir: absoluteStackDir,
      stack: stack.value as StackFile,
    };
  }
  throw mergeFailures([project, stack]);
}

async function readManifest(path: string, schema: SchemaName): Promise<unknown> {
  const source = await readYamlSource(path);
  await assertValidSource(schema, source);
  return source.value;
}

/** One `ConfigError` with the diagnostics of every failed read; any other error wins as is. */
function mergeFailures(results: readonly PromiseSettledResult<unknown>[]): unknown {
  const diagnostics: Diagnostic[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!isConfigError(result.reason)) return result.reason;
    diagnostics.push(...result.reason.diagnostics);
  }
  return new ConfigError(diagnostics);
}

function isConfigError(error: unknown): error is ConfigError {
  return isKusionError(error) && error.code === 'CONFIG_INVALID' && 'diagnostics' in error;
}

/** The nearest folder holding `project.yaml`, from `start` up; undefined outside any project. */
export function findProjectDir(start: string): Promise<string | undefined> {
  return findUp(resolve(start), PROJECT_FILE);
}

/** The nearest folder from `from` upwards that holds `fileName`. */
export async function findUp(from: string, fileName: string): Promise<string | undefined> {
  for (let dir = from; ; dir = dirname(dir)) {
    if (await isFile(join(dir, fileName))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

async function childStacks(projectDir: string): Promise<string[]> {
  const entries = await readdir(projectDir, { withFileTypes: true });
  const stacks: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await isFile(join(projectDir, entry.name, STACK_FILE)))) {
      stacks.push(entry.name);
    }
  }
  return stacks.sort();
}

/**
 * The stacks of a project: every folder under the project folder that holds `stack.yaml` (not
 * inside another stack, another project, `node_modules` or a hidden folder), named as their
 * `stack.yaml` names them. Used by `--all-stacks` and to recognise `$kusion_path.<stack>/…`.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { describeFolder } from './display-path.js';
import { isFile } from './file-system.js';
import { findUp, PROJECT_FILE, STACK_FILE } from './project-files.js';
import { readYamlSource } from './yaml-source.js';

export interface ProjectStack {
  readonly name: string;
  /** Absolute. */
  readonly dir: string;
}

/** How deep below the project folder stacks are looked for (`infra/eu/dev` is depth 3). */
const MAX_DEPTH = 4;

export async function listProjectStacks(projectDir: string): Promise<ProjectStack[]> {
  const stacks: ProjectStack[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (depth > 0 && (await isFile(join(dir, STACK_FILE)))) {
      stacks.push({ name: await stackName(dir), dir });
      return;
    }
    if (depth > 0 && (await isFile(join(dir, PROJECT_FILE)))) return; // another project
    if (depth === MAX_DEPTH) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
        continue;
      await visit(join(dir, entry.name), depth + 1);
    }
  };
  await visit(resolve(projectDir), 0);
  return stacks;
}

/** The project folder at or above `start` (a stack folder or the project folder itself). */
export async function findProjectDir(start: string): Promise<string> {
  const dir = await findUp(resolve(start), PROJECT_FILE);
  if (dir === undefined) {
    throw new KusionError(
      'PROJECT_NOT_FOUND',
      `no ${PROJECT_FILE} in ${describeFolder(resolve(start))} or any folder above it`,
      { hint: 'run inside a project (or one of its stacks), or pass --workdir' },
    );
  }
  return dir;
}

/** The name in `stack.yaml`; the folder's name when the file does not say (it is validated when the stack is opened). */
async function stackName(dir: string): Promise<string> {
  const source = await readYamlSource(join(dir, STACK_FILE)).catch(() => undefined);
  const name = (source?.value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : (dir.split(/[\\/]/).pop() ?? dir);
}

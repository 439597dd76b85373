/**
 * KusionStack Kusion's `project create` and `stack create [--copy-from]`, writing our files:
 * `project.yaml` (`name: <folder>`), and a stack folder with `stack.yaml` and an empty `main.yaml`
 * where Kusion writes `main.k` and `kcl.mod` (KCL stacks are not supported here).
 */
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { yaml } from '../config/yaml-source.js';
import { basename, join, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { displayPath } from '../config/display-path.js';
import { isFile } from '../config/file-system.js';
import { PROJECT_FILE } from '../config/project-files.js';

/** Kusion's rule for project and stack names. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const STACK_FILE = 'stack.yaml';

export interface CreatedFiles {
  readonly name: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/** `project create [-t dir]`: `project.yaml` in an empty folder named after the project. */
export async function createProject(options: {
  readonly dir?: string | undefined;
}): Promise<CreatedFiles> {
  const dir = resolve(options.dir ?? process.cwd());
  const name = basename(dir);
  assertName(name, 'project', `the folder ${displayPath(dir)}`);
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `${displayPath(dir)} is not empty (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}): a project is created in an empty folder`,
      { hint: 'pass an empty or new folder with -t/--target, or run in one' },
    );
  }
  const file = join(dir, PROJECT_FILE);
  await writeFile(file, yaml().stringify({ name }));
  return { name, dir, files: [file] };
}

/**
 * `stack create <name> [-t projectDir] [--copy-from <stack>]`: a new stack folder in the project,
 * either empty (stack.yaml, main.yaml) or a copy of another stack with its name replaced.
 */
export async function createStack(options: {
  readonly name: string;
  readonly projectDir?: string | undefined;
  readonly copyFrom?: string | undefined;
}): Promise<CreatedFiles> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  assertName(options.name, 'stack', JSON.stringify(options.name));
  if (!(await isFile(join(projectDir, PROJECT_FILE)))) {
    throw new KusionError('PROJECT_NOT_FOUND', `no ${PROJECT_FILE} in ${displayPath(projectDir)}`, {
      hint: 'run in a project folder, pass it with -t/--target, or create one with `kusion project create`',
    });
  }
  const stackDir = join(projectDir, options.name);
  if (await exists(stackDir)) {
    throw new KusionError('INVALID_ARGUMENT', `${displayPath(stackDir)} already exists`, {
      hint: 'choose another stack name',
    });
  }
  if (options.copyFrom === undefined) {
    await mkdir(stackDir);
    const files = [join(stackDir, STACK_FILE), join(stackDir, 'main.yaml')];
    await writeFile(files[0] ?? '', yaml().stringify({ name: options.name }));
    await writeFile(
      files[1] ?? '',
      '# The stack configuration: apps and resources (see `kusion init`).\nresources: []\n',
    );
    return { name: options.name, dir: stackDir, files };
  }
  const source = join(projectDir, options.copyFrom);
  if (!(await isFile(join(source, STACK_FILE)))) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `--copy-from ${options.copyFrom}: ${displayPath(source)} is not a stack (no ${STACK_FILE})`,
      { hint: 'name a stack folder of the project, relative to it' },
    );
  }
  await cp(source, stackDir, { recursive: true });
  // The copy is a new stack: its own name, the rest of stack.yaml kept.
  const stackFile = join(stackDir, STACK_FILE);
  const written = yaml().parse(await readFile(stackFile, 'utf8')) as Record<string, unknown> | null;
  await writeFile(stackFile, yaml().stringify({ ...(written ?? {}), name: options.name }));
  const files = (await readdir(stackDir, { recursive: true })).map((file) => join(stackDir, file));
  return { name: options.name, dir: stackDir, files: files.sort() };
}

function assertName(name: string, what: string, received: string): void {
  if (!NAME.test(name)) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid ${what} name from ${received}: expected 1 to 100 letters, digits, "_", "." and "-"`,
      { hint: `rename the ${what}` },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `init`: a new project with one stack and a workspace file to deploy it with. */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { assertWorkspaceName, WORKSPACE_NAME_RULE } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';

export interface InitOptions {
  /** The project folder (created if missing). */
  readonly dir: string;
  /** Default: the folder's name. */
  readonly name?: string | undefined;
  /** Stack name; default `dev`. */
  readonly stack?: string | undefined;
  /** Overwrite existing files. */
  readonly force?: boolean | undefined;
}

export interface InitResult {
  readonly projectDir: string;
  readonly files: readonly string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const projectDir = resolve(options.dir);
  const name = options.name ?? basename(projectDir);
  const stack = checkStackName(options.stack ?? 'dev');
  if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(name)) {
    throw new KusionError('INVALID_ARGUMENT', `invalid project name "${name}"`, {
      hint: 'use letters, digits, "-", "_" and "."',
    });
  }
  const files: Record<string, string> = {
    'project.yaml': `name: ${name}\ndescription: ${name}, deployed with Kusion\n`,
    [join(stack, 'stack.yaml')]: `name: ${stack}\n`,
    [join(stack, 'main.yaml')]: [
      '# Resources in the Spec shape. `$kusion_path.<id>.<path>` references another resource.',
      'resources:',
      '  - id: test:database',
      '    type: Test',
      '    attributes:',
      '      engine: postgres',
      '      size: small',
      '  - id: test:app',
      '    type: Test',
      '    attributes:',
      '      image: nginx:1.27',
      '      replicas: 2',
      '      databaseId: $kusion_path.test:database.uid',
      '',
    ].join('\n'),
    [join('workspaces', `${stack}.yaml`)]: [
      '# A workspace: platform settings for one environment. Create it with:',
      `#   kusion workspace create ${stack} -f workspaces/${stack}.yaml`,
      'providers:',
      '  test:',
      '    package: "@kusion/testkit"',
      '    dir: .kusion/test-cloud',
      '',
    ].join('\n'),
  };
  if (!options.force) {
    const existing = [];
    for (const file of Object.keys(files))
      if (await exists(join(projectDir, file))) existing.push(file);
    if (existing.length) {
      throw new KusionError(
        'INVALID_ARGUMENT',
        `${projectDir} already has ${existing.join(', ')}`,
        { hint: 'choose an empty folder, or pass --force to overwrite' },
      );
    }
  }
  for (const [file, content] of Object.entries(files)) {
    await mkdir(join(projectDir, file, '..'), { recursive: true });
    await writeFile(join(projectDir, file), content);
  }
  return { projectDir, files: Object.keys(files) };
}

/**
 * The stack name is a folder of the project and the name of the workspace the scaffold creates,
 * so it follows the workspace rule: no path separators, no "..", nothing that writes outside the
 * project.
 */
function checkStackName(stack: string): string {
  try {
    return assertWorkspaceName(stack);
  } catch (error) {
    if (!isKusionError(error)) throw error;
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid value ${JSON.stringify(stack)} for --stack: ${error.message.replace(/^invalid workspace name "[^"]*": /, '')}`,
      { hint: `a stack name is ${WORKSPACE_NAME_RULE}` },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

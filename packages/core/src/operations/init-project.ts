/** `init`: a new project with one stack and a workspace file to deploy it with. */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { assertWorkspaceName, WORKSPACE_NAME_RULE } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';
import {
  DEFAULT_TEMPLATE,
  findTemplate,
  PROJECT_TEMPLATES,
} from '../scaffold/project-templates.js';
import type { ProjectTemplate } from '../scaffold/project-templates.js';

export interface InitOptions {
  /** The project folder (created if missing). */
  readonly dir: string;
  /** Default: the folder's name. */
  readonly name?: string | undefined;
  /** Stack name; default `dev`. */
  readonly stack?: string | undefined;
  /** Default `raw-resources`; `kusion init --list` shows them all. */
  readonly template?: string | undefined;
  /** Overwrite existing files. */
  readonly force?: boolean | undefined;
}

export interface InitResult {
  readonly projectDir: string;
  readonly template: string;
  readonly files: readonly string[];
  /** Commands to run next, from the project's parent folder, in order. */
  readonly next: readonly string[];
}

export interface TemplateSummary {
  readonly name: string;
  readonly description: string;
  readonly isDefault: boolean;
}

/** The templates `init --template` takes. */
export function listTemplates(): TemplateSummary[] {
  return PROJECT_TEMPLATES.map((t) => ({
    name: t.name,
    description: t.description,
    isDefault: t.name === DEFAULT_TEMPLATE,
  }));
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
  const template = findTemplate(options.template ?? DEFAULT_TEMPLATE);
  if (!template) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `unknown template "${options.template ?? ''}": expected one of ${PROJECT_TEMPLATES.map((t) => t.name).join(', ')}`,
      { hint: '`kusion init --list` describes each template' },
    );
  }
  const files: Record<string, string> = {
    'project.yaml': `name: ${name}\ndescription: ${name}, deployed with Kusion\n`,
    [join(stack, 'stack.yaml')]: `name: ${stack}\n`,
    ...template.files({ name, stack }),
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
  return {
    projectDir,
    template: template.name,
    files: Object.keys(files),
    next: nextSteps(template, options.dir, stack, name),
  };
}

/** The commands that take a fresh project to its first deploy. */
function nextSteps(template: ProjectTemplate, dir: string, stack: string, name: string): string[] {
  const usesModules = template.name !== DEFAULT_TEMPLATE;
  return [
    `cd ${dir}`,
    ...(template.setup?.({ name, stack }) ?? []),
    `kusion workspace create ${stack} -f workspaces/${stack}.yaml`,
    ...(usesModules ? ['kusion mod schema -o stack.schema.json'] : []),
    `cd ${stack}`,
    `kusion preview --workspace ${stack}`,
    `kusion deploy --workspace ${stack}`,
  ];
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

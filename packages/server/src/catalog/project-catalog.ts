/**
 * The projects and stacks the server may run: every folder holding `project.yaml` in the
 * configured source folders (the folder itself or below, not inside `node_modules` or hidden
 * folders), read afresh on each call so a `git pull` in a checkout is seen without a restart.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { listProjectStacks } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import { parse } from 'yaml';

export interface CatalogStack {
  readonly name: string;
  /** The stack folder, relative to its project. */
  readonly path: string;
  /** Absolute: where runs execute. */
  readonly dir: string;
}

export interface CatalogProject {
  readonly name: string;
  readonly description?: string;
  /** The project folder, relative to the source folder that holds it. */
  readonly path: string;
  readonly stacks: readonly CatalogStack[];
}

export interface ProjectCatalog {
  list(): Promise<CatalogProject[]>;
  /** The stack, or a `NOT_FOUND` error naming what exists. */
  stack(project: string, stack: string): Promise<CatalogStack>;
}

const MAX_DEPTH = 3;

export function createProjectCatalog(sourceDirs: readonly string[]): ProjectCatalog {
  const roots = sourceDirs.map((dir) => resolve(dir));
  const list = async (): Promise<CatalogProject[]> => {
    const projects: CatalogProject[] = [];
    for (const root of roots) {
      for (const dir of await findProjectDirs(root)) {
        const file = (await readYaml(join(dir, 'project.yaml'))) ?? {};
        const name = typeof file.name === 'string' ? file.name : relative(root, dir);
        const stacks = (await listProjectStacks(dir)).map((stack) => ({
          name: stack.name,
          path: relative(dir, stack.dir),
          dir: stack.dir,
        }));
        projects.push({
          name,
          ...(typeof file.description === 'string' ? { description: file.description } : {}),
          path: relative(root, dir) || '.',
          stacks,
        });
      }
    }
    return projects.sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    list,
    async stack(projectName, stackName) {
      const projects = await list();
      const project = projects.find((candidate) => candidate.name === projectName);
      if (!project) {
        throw new KusionError('NOT_FOUND', `project "${projectName}" is not served here`, {
          hint: `projects: ${projects.map((p) => p.name).join(', ') || '(none: check --project-dir)'}`,
        });
      }
      const stack = project.stacks.find((candidate) => candidate.name === stackName);
      if (!stack) {
        throw new KusionError('NOT_FOUND', `project "${projectName}" has no stack "${stackName}"`, {
          hint: `stacks: ${project.stacks.map((s) => s.name).join(', ') || '(none)'}`,
        });
      }
      return stack;
    },
  };
}

async function findProjectDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((entry) => entry.isFile() && entry.name === 'project.yaml')) {
      found.push(dir);
      return;
    }
    if (depth === MAX_DEPTH) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
        continue;
      await visit(join(dir, entry.name), depth + 1);
    }
  };
  await visit(root, 0);
  return found;
}

async function readYaml(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = parse(await readFile(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

/**
 * The projects and stacks the server may run: every folder holding `project.yaml` in the
 * configured source folders and in the commit each git source serves (the folder itself or below,
 * not inside `node_modules` or hidden folders), read afresh on each call so a `git pull` in a
 * checkout, or a new commit fetched from a git source, is seen without a restart. A run of a git
 * source's project works in the worktree of the commit it recorded.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { listProjectStacks } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import { parse } from 'yaml';
import type { RunSource } from '../runs/run-record.js';
import type { GitSources } from '../sources/git-sources.js';

export interface CatalogStack {
  readonly name: string;
  /** The stack folder, relative to its project. */
  readonly path: string;
  /** Absolute: where a run of a folder source executes. */
  readonly dir: string;
  /** For a git source: the commit a run started now records. */
  readonly source?: RunSource;
}

export interface CatalogProject {
  readonly name: string;
  readonly description?: string;
  /** The project folder, relative to the source folder that holds it. */
  readonly path: string;
  /** Where it comes from: a git source at a commit; absent for a source folder. */
  readonly source?: { readonly kind: 'git'; readonly name: string; readonly commit: string };
  readonly stacks: readonly CatalogStack[];
}

/** The folder a run works in, held until `release` (a git worktree stays until then). */
export interface StackCheckout {
  readonly dir: string;
  release(): Promise<void>;
}

export interface ProjectCatalog {
  list(): Promise<CatalogProject[]>;
  /** The stack, or a `NOT_FOUND` error naming what exists. */
  stack(project: string, stack: string): Promise<CatalogStack>;
  /** Where `run` executes: its recorded commit's worktree for a git source, else the folder. */
  checkout(run: {
    readonly project: string;
    readonly stack: string;
    readonly source?: RunSource | undefined;
  }): Promise<StackCheckout>;
}

const MAX_DEPTH = 3;

export function createProjectCatalog(
  sourceDirs: readonly string[],
  gitSources?: GitSources,
): ProjectCatalog {
  const roots = sourceDirs.map((dir) => resolve(dir));
  const list = async (): Promise<CatalogProject[]> => {
    const projects: CatalogProject[] = [];
    for (const root of roots) projects.push(...(await scanRoot(root)));
    for (const source of gitSources?.all() ?? []) {
      const head = source.head();
      if (!head) continue;
      const { name, url, ref } = source.config;
      const runSource: RunSource = { kind: 'git', name, url, ref, commit: head.commit };
      for (const project of await scanRoot(head.root)) {
        projects.push({
          ...project,
          source: { kind: 'git', name, commit: head.commit },
          stacks: project.stacks.map((stack) => ({ ...stack, source: runSource })),
        });
      }
    }
    return projects.sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    list,
    async stack(projectName, stackName) {
      return findStack(await list(), projectName, stackName, '--project-dir');
    },
    async checkout(run) {
      if (!run.source) {
        const { dir } = findStack(await list(), run.project, run.stack, '--project-dir');
        return { dir, release: () => Promise.resolve() };
      }
      if (!gitSources) {
        throw new KusionError(
          'SOURCE_NOT_FOUND',
          `no git source "${run.source.name}" is configured here`,
          {
            hint: 'every API server and worker needs the same --git-source values',
          },
        );
      }
      const tree = await gitSources.get(run.source.name).checkout(run.source.commit);
      try {
        const where = `commit ${run.source.commit.slice(0, 12)} of git source "${run.source.name}"`;
        const { dir } = findStack(await scanRoot(tree.root), run.project, run.stack, where);
        return { dir, release: () => tree.release() };
      } catch (error) {
        await tree.release();
        throw error;
      }
    },
  };
}

function findStack(
  projects: readonly CatalogProject[],
  projectName: string,
  stackName: string,
  where: string,
): CatalogStack {
  const project = projects.find((candidate) => candidate.name === projectName);
  if (!project) {
    throw new KusionError('NOT_FOUND', `project "${projectName}" is not served here`, {
      hint: `projects: ${projects.map((p) => p.name).join(', ') || `(none: check ${where})`}`,
    });
  }
  const stack = project.stacks.find((candidate) => candidate.name === stackName);
  if (!stack) {
    throw new KusionError('NOT_FOUND', `project "${projectName}" has no stack "${stackName}"`, {
      hint: `stacks: ${project.stacks.map((s) => s.name).join(', ') || '(none)'}`,
    });
  }
  return stack;
}

/** The projects in one folder tree. */
async function scanRoot(root: string): Promise<CatalogProject[]> {
  const projects: CatalogProject[] = [];
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
  return projects;
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

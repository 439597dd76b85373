/**
 * `kusion deps --since <ref>`: the projects and stacks a change touches, so CI deploys only those. A
 * stack is touched when a changed file is inside its folder, is its project's `project.yaml` or
 * `rollout.yaml`, is a file its `main.ts` imports or its configuration names, or is a lockfile in
 * which a package the stack uses changed version. Folders are compared by path segment:
 * KusionStack Kusion's `deps` compared string prefixes, so a change in `dev-eu/` also listed `dev`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isFile } from '../config/file-system.js';
import { PROJECT_FILE } from '../config/project-files.js';
import { listProjectStacks } from '../config/project-stacks.js';
import { readYamlSource } from '../config/yaml-source.js';
import { ROLLOUT_FILE } from '../rollout/waves.js';
import { assertCommit, changedFiles, fileAt, repositoryRoot } from './git.js';
import { changedPackages, lockedVersions } from './lockfile.js';
import { stackInputs } from './stack-inputs.js';

export interface AffectedStack {
  readonly name: string;
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  /** Why: `app/main.ts changed`, `imports lib/labels.ts`, `@kusion/module-service 1.2.0 → 1.3.0`... */
  readonly reasons: readonly string[];
}

export interface AffectedProject {
  readonly name: string;
  readonly path: string;
  readonly stacks: readonly AffectedStack[];
}

export interface AffectedStacks {
  readonly since: string;
  /** The repository root, absolute. */
  readonly root: string;
  /** Only projects with a touched stack; stacks in folder order. */
  readonly projects: readonly AffectedProject[];
  /** Files that changed, relative to the root. */
  readonly changedFiles: readonly string[];
  /** Stacks whose inputs could not all be followed (they count as touched only through their folder). */
  readonly warnings: readonly string[];
}

export interface AffectedStacksOptions {
  /** A commit, branch or tag to compare the working tree with. */
  readonly since: string;
  /** Where to look for projects (and below); default: the current directory. */
  readonly workdir?: string | undefined;
}

export async function affectedStacks(options: AffectedStacksOptions): Promise<AffectedStacks> {
  const workdir = resolve(options.workdir ?? process.cwd());
  const root = await repositoryRoot(workdir);
  await assertCommit(options.since, root);
  const changed = await changedFiles(options.since, root);
  const relativePath = (path: string): string => relative(root, path).split(sep).join('/');
  const isChanged = (path: string): boolean => changed.has(relativePath(path));
  const lockfiles = new Map<string, Promise<ChangedLock | undefined>>();
  const warnings: string[] = [];
  const projects: AffectedProject[] = [];

  for (const projectDir of await findProjects(workdir)) {
    const project = relativePath(projectDir);
    const projectChanges = [PROJECT_FILE, ROLLOUT_FILE]
      .map((name) => join(projectDir, name))
      .filter(isChanged)
      .map((path) => `${relativePath(path)} changed`);
    const lockfile = await nearestLockfile(projectDir, root);
    let lock: Promise<ChangedLock | undefined> | undefined;
    if (lockfile !== undefined) {
      lock =
        lockfiles.get(lockfile) ??
        changedLock(lockfile, options.since, root, relativePath, isChanged(lockfile));
      lockfiles.set(lockfile, lock);
    }
    const stacks: AffectedStack[] = [];
    for (const stack of await listProjectStacks(projectDir)) {
      const path = relativePath(stack.dir);
      const reasons = [...projectChanges];
      const inside = [...changed].filter((file) => isInside(file, path));
      if (inside.length) reasons.push(...inside.map((file) => `${file} changed`));
      const inputs = await stackInputs(stack.dir, projectDir);
      warnings.push(...inputs.problems.map((problem) => `${path}: ${problem}`));
      for (const file of inputs.files) {
        const shown = relativePath(file);
        if (changed.has(shown) && !isInside(shown, path))
          reasons.push(`uses ${shown}, which changed`);
      }
      const locked = await lock;
      for (const name of [...inputs.packages].sort()) {
        const change = locked?.versions.get(name);
        if (change) reasons.push(`${name} ${change} (${locked?.path ?? 'lockfile'})`);
      }
      if (reasons.length) stacks.push({ name: stack.name, path, reasons: [...new Set(reasons)] });
    }
    if (stacks.length)
      projects.push({ name: await projectName(projectDir), path: project, stacks });
  }
  return {
    since: options.since,
    root,
    projects,
    changedFiles: [...changed].sort(),
    warnings,
  };
}

/** `file` is `dir` or inside it, by whole path segments (`app/dev-eu/x` is not inside `app/dev`). */
export function isInside(file: string, dir: string): boolean {
  return dir === '' || file === dir || file.startsWith(`${dir}/`);
}

interface ChangedLock {
  readonly path: string;
  /** Package name → `1.2.0 → 1.3.0`. */
  readonly versions: ReadonlyMap<string, string>;
}

async function changedLock(
  lockfile: string,
  since: string,
  root: string,
  relativePath: (path: string) => string,
  hasChanged: boolean,
): Promise<ChangedLock | undefined> {
  if (!hasChanged) return undefined;
  const path = relativePath(lockfile);
  const before = lockedVersions(await fileAt(since, path, root));
  const after = lockedVersions(await readFile(lockfile, 'utf8').catch(() => undefined));
  const versions = new Map<string, string>();
  for (const name of changedPackages(before, after))
    versions.set(name, `${before.get(name) ?? '(none)'} → ${after.get(name) ?? '(removed)'}`);
  return { path, versions };
}

/** The package-lock.json a project installs from: in its folder or the nearest one above, within the repository. */
async function nearestLockfile(projectDir: string, root: string): Promise<string | undefined> {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    const path = join(dir, 'package-lock.json');
    if (await isFile(path)) return path;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** Every folder at or under `dir` holding project.yaml (not inside node_modules or hidden folders). */
async function findProjects(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (current: string, depth: number): Promise<void> => {
    if (await isFile(join(current, PROJECT_FILE))) {
      found.push(current);
      return;
    }
    if (depth === 6) return;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
        continue;
      await visit(join(current, entry.name), depth + 1);
    }
  };
  await visit(dir, 0);
  return found;
}

async function projectName(projectDir: string): Promise<string> {
  const source = await readYamlSource(join(projectDir, PROJECT_FILE)).catch(() => undefined);
  const name = (source?.value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : relative(process.cwd(), projectDir);
}

/**
 * Scratch projects that read like a user's: `project.yaml`, a stack folder with `stack.yaml` and
 * `main.yaml`, and a workspace file naming the testkit provider, in a fresh temporary folder with
 * its own KUSION_HOME. The "cloud" is the provider's folder of JSON files.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installed, runKusion, spawnKusion } from './kusion.ts';
import type { RunOptions, RunResult, RunningKusion } from './kusion.ts';
import { toYaml } from './yaml.ts';

/** A resource as written in `main.yaml` (the Spec shape). */
export interface TestResource {
  readonly id: string;
  /** Default `Test`. */
  readonly type?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly dependsOn?: readonly string[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** The testkit provider's settings, except `package`, which the fixture writes. */
export interface TestProviderSettings {
  /** Default `./cloud` (see `isCloudDirAbsolute`). */
  readonly dir?: string;
  readonly latencyMs?: number;
  readonly readLatencyMs?: number;
  readonly failIds?: readonly string[];
  readonly transientFailRate?: number;
  readonly failRate?: number;
  readonly seed?: number;
  readonly readyAfterMs?: number;
  readonly batch?: boolean;
}

export interface ProjectOptions {
  /** Project name; default `e2e-app`. */
  readonly name?: string;
  /** Stack name and folder; default `dev`. */
  readonly stack?: string;
  readonly resources?: readonly TestResource[];
  readonly provider?: TestProviderSettings;
  /** Write the provider's `dir` as an absolute path instead of `./cloud` (relative to the project). */
  readonly isCloudDirAbsolute?: boolean;
  /**
   * Give the project the installed packages as its own `node_modules` (a symlink), as when a user
   * `npm install`s kusion into the project: needed to `import '@kusion/sdk'` from `main.ts`.
   */
  readonly hasNodeModules?: boolean;
}

export interface Operation {
  readonly ts: string;
  readonly op: 'create' | 'update' | 'delete';
  readonly id: string;
}

export interface ScratchProject {
  /** The project folder (with `project.yaml`). */
  readonly root: string;
  /** The stack folder; commands run here unless told otherwise. */
  readonly stackDir: string;
  readonly mainYaml: string;
  /** The testkit provider's folder. */
  readonly cloudDir: string;
  readonly kusionHome: string;
  /** `workspaces/<name>.yaml` for the default workspace. */
  readonly workspaceFile: string;
  /** Runs kusion in the stack folder with this project's KUSION_HOME. */
  run(args: readonly string[], options?: Partial<RunOptions>): Promise<RunResult>;
  spawn(args: readonly string[], options?: Partial<RunOptions>): RunningKusion;
  /** Writes a workspace file for the testkit provider; answers its path. */
  writeWorkspaceFile(
    name: string,
    provider?: TestProviderSettings,
    extra?: Readonly<Record<string, unknown>>,
  ): Promise<string>;
  /** `kusion workspace create <name> -f <file>`; throws unless it succeeds. */
  createWorkspace(name?: string, provider?: TestProviderSettings): Promise<void>;
  writeResources(resources: readonly TestResource[]): Promise<void>;
  writeMainYaml(text: string): Promise<void>;
  /** The cloud's objects by resource id. */
  cloud(): Promise<Map<string, Record<string, unknown>>>;
  readResource(id: string): Promise<Record<string, unknown>>;
  /** Changes a live object behind kusion's back (drift). */
  editResource(id: string, edit: (object: Record<string, unknown>) => void): Promise<void>;
  deleteResource(id: string): Promise<void>;
  /** `operations.log`, one entry per line; empty when nothing ran. */
  operations(): Promise<Operation[]>;
  /** Every file of the cloud folder, for "nothing changed" checks. */
  snapshotCloud(): Promise<Record<string, string>>;
}

const CLOUD_DIR = 'cloud';

export async function createProject(options: ProjectOptions = {}): Promise<ScratchProject> {
  const base = await mkdtemp(join(installed().projectsDir, 'project-'));
  const root = join(base, 'app');
  const kusionHome = join(base, 'kusion-home');
  const stack = options.stack ?? 'dev';
  const stackDir = join(root, stack);
  const mainYaml = join(stackDir, 'main.yaml');
  const cloudDir = join(root, CLOUD_DIR);
  await mkdir(stackDir, { recursive: true });
  await mkdir(join(root, 'workspaces'));
  await writeFile(
    join(root, 'project.yaml'),
    toYaml({ name: options.name ?? 'e2e-app', description: 'A scratch project of the e2e suite' }),
  );
  await writeFile(join(stackDir, 'stack.yaml'), toYaml({ name: stack }));
  await writeFile(mainYaml, resourcesYaml(options.resources ?? []));
  if (options.hasNodeModules)
    await symlink(join(installed().installDir, 'node_modules'), join(root, 'node_modules'), 'dir');

  const fileOf = (id: string): string =>
    join(cloudDir, `${encodeURIComponent(id).replace(/^\./, '%2E')}.json`);
  const project: ScratchProject = {
    root,
    stackDir,
    mainYaml,
    cloudDir,
    kusionHome,
    workspaceFile: join(root, 'workspaces', 'dev.yaml'),
    run: (args, runOptions) => runKusion(args, { cwd: stackDir, kusionHome, ...runOptions }),
    spawn: (args, runOptions) => spawnKusion(args, { cwd: stackDir, kusionHome, ...runOptions }),
    async writeWorkspaceFile(name, provider = options.provider ?? {}, extra = {}) {
      const file = join(root, 'workspaces', `${name}.yaml`);
      const dir = options.isCloudDirAbsolute ? cloudDir : `./${CLOUD_DIR}`;
      const workspace = {
        description: `e2e workspace ${name}`,
        providers: { test: { package: '@kusion/testkit', dir, ...provider } },
        ...extra,
      };
      await writeFile(file, toYaml(workspace));
      return file;
    },
    async createWorkspace(name = 'dev', provider) {
      const file = await project.writeWorkspaceFile(name, provider);
      const result = await project.run(['workspace', 'create', name, '-f', file]);
      if (result.exitCode !== 0) throw new Error(`workspace create failed\n${result.transcript}`);
    },
    async writeResources(resources) {
      await writeFile(mainYaml, resourcesYaml(resources));
    },
    async writeMainYaml(text) {
      await writeFile(mainYaml, text);
    },
    async cloud() {
      const objects = new Map<string, Record<string, unknown>>();
      if (!existsSync(cloudDir)) return objects;
      for (const file of await readdir(cloudDir)) {
        if (!file.endsWith('.json')) continue;
        const id = decodeURIComponent(file.slice(0, -'.json'.length));
        objects.set(
          id,
          JSON.parse(await readFile(join(cloudDir, file), 'utf8')) as Record<string, unknown>,
        );
      }
      return objects;
    },
    async readResource(id) {
      return JSON.parse(await readFile(fileOf(id), 'utf8')) as Record<string, unknown>;
    },
    async editResource(id, edit) {
      const object = await project.readResource(id);
      edit(object);
      await writeFile(fileOf(id), `${JSON.stringify(object, null, 2)}\n`);
    },
    async deleteResource(id) {
      await rm(fileOf(id));
    },
    async operations() {
      const log = join(cloudDir, 'operations.log');
      if (!existsSync(log)) return [];
      const text = await readFile(log, 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Operation);
    },
    async snapshotCloud() {
      const files: Record<string, string> = {};
      if (!existsSync(cloudDir)) return files;
      for (const file of (await readdir(cloudDir)).sort())
        files[file] = await readFile(join(cloudDir, file), 'utf8');
      return files;
    },
  };
  return project;
}

/** `main.yaml` in the Spec shape; `type` defaults to `Test`. */
export function resourcesYaml(resources: readonly TestResource[]): string {
  return toYaml({
    resources: resources.map(({ id, type, ...rest }) => ({ id, type: type ?? 'Test', ...rest })),
  });
}

/** A project with its workspace created; nothing deployed yet. */
export async function createProjectWithWorkspace(
  options: ProjectOptions = {},
): Promise<ScratchProject> {
  const project = await createProject(options);
  await project.createWorkspace('dev');
  return project;
}

/** `n` resources with no edges between them. */
export function independentResources(n: number, prefix = 'test:r'): TestResource[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, attributes: { index: i } }));
}

/** Positions of the operations of one kind in `operations.log`, by id. */
export function positions(
  operations: readonly Operation[],
  op: Operation['op'],
): Map<string, number> {
  const result = new Map<string, number>();
  operations.forEach((entry, index) => {
    if (entry.op === op) result.set(entry.id, index);
  });
  return result;
}

/** How many times each id had this operation. */
export function countsOf(
  operations: readonly Operation[],
  op: Operation['op'],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of operations)
    if (entry.op === op) counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
  return counts;
}

/**
 * How many times each id came into existence in the simulated cloud. The test provider writes the
 * object, then appends its log line, so a kill -9 between the two leaves an object whose creation
 * is not logged. The next run then either reads the object back and adopts it (no line at all) or
 * creates it again, which the provider logs as an `update` of an id the log has not seen. Both are
 * one object created once: an id in `cloud` the log never names counts one creation, and so does
 * an update of an id the log does not hold.
 */
export function creationsOf(
  operations: readonly Operation[],
  cloud: Iterable<string> = [],
): Map<string, number> {
  const counts = new Map<string, number>();
  const present = new Set<string>();
  for (const entry of operations) {
    if (entry.op === 'delete') {
      present.delete(entry.id);
      continue;
    }
    if (entry.op === 'create' || !present.has(entry.id)) {
      counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
    }
    present.add(entry.id);
  }
  for (const id of cloud) if (!counts.has(id)) counts.set(id, 1);
  return counts;
}

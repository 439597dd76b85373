/**
 * A project deployed to several workspaces, each with its own test cloud (`.cloud-<workspace>`),
 * through the engine's programmatic API with the testkit provider loaded in-process.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecordingIoHost, testProvider } from '@kusion/testkit';
import type { IoAnswer } from '@kusion/testkit';
import type { KusionPlugin, Resource } from '@kusion/sdk';
import { stringify } from 'yaml';
import { createWorkspace } from '../src/index.js';
import type { RolloutOptions } from '../src/index.js';

export interface RolloutProject {
  readonly dir: string;
  readonly home: string;
  readonly io: ReturnType<typeof createRecordingIoHost>;
  options(extra?: Partial<RolloutOptions>): RolloutOptions;
  /** Writes `<stack>/stack.yaml` (once) and `<stack>/main.yaml`. */
  writeStack(stack: string, resources: readonly Resource[]): Promise<void>;
  /** The objects in a workspace's cloud, by resource id. */
  cloud(workspace: string): Promise<Record<string, Record<string, unknown>>>;
  operations(workspace: string): Promise<{ ts: string; op: string; id: string }[]>;
  cleanup(): Promise<void>;
}

export async function createRolloutProject(options: {
  readonly workspaces: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly answers?: Readonly<Record<string, IoAnswer>>;
  readonly project?: Readonly<Record<string, unknown>>;
  readonly plugins?: readonly KusionPlugin[];
}): Promise<RolloutProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-rollout-'));
  const home = join(dir, '.home');
  await writeFile(join(dir, 'project.yaml'), stringify({ name: 'shop', ...options.project }));
  const io = createRecordingIoHost({ answers: options.answers ?? {} });
  const plugins = [testProvider, ...(options.plugins ?? [])];
  for (const [name, settings] of Object.entries(options.workspaces)) {
    const file = join(dir, `${name}.workspace.yaml`);
    const { plugins: declared, ...test } = settings;
    await writeFile(
      file,
      stringify({
        providers: { test: { dir: `.cloud-${name}`, ...test } },
        ...(declared === undefined ? {} : { plugins: declared }),
      }),
    );
    await createWorkspace({ io, kusionHome: home, plugins, name, file });
  }
  const cloudDir = (workspace: string): string => join(dir, `.cloud-${workspace}`);
  return {
    dir,
    home,
    io,
    options: (extra = {}) => ({
      io,
      kusionHome: home,
      plugins,
      workdir: join(dir, 'app'),
      yes: true,
      retryBaseDelayMs: 1,
      ...extra,
    }),
    async writeStack(stack, resources) {
      await mkdir(join(dir, stack), { recursive: true });
      await writeFile(join(dir, stack, 'stack.yaml'), stringify({ name: stack }));
      await writeFile(join(dir, stack, 'main.yaml'), stringify({ resources }));
    },
    async cloud(workspace) {
      const files = (await readdir(cloudDir(workspace)).catch(() => [] as string[])).filter((f) =>
        f.endsWith('.json'),
      );
      const objects: Record<string, Record<string, unknown>> = {};
      for (const file of files) {
        objects[decodeURIComponent(file.slice(0, -'.json'.length))] = JSON.parse(
          await readFile(join(cloudDir(workspace), file), 'utf8'),
        ) as Record<string, unknown>;
      }
      return objects;
    },
    async operations(workspace) {
      const text = await readFile(join(cloudDir(workspace), 'operations.log'), 'utf8').catch(
        () => '',
      );
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { ts: string; op: string; id: string });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export const test = (id: string, attributes: Record<string, unknown> = {}): Resource => ({
  id,
  type: 'Test',
  attributes,
});

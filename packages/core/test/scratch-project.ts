/**
 * A user's project in a temporary folder, deployed through the engine's programmatic API with the
 * testkit provider loaded in-process (and, for cross-provider tests, a second one of type `Other`).
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestProvider, createRecordingIoHost, testProvider } from '@kusion/testkit';
import { defineProvider } from '@kusion/sdk';
import type { KusionPlugin, Resource } from '@kusion/sdk';
import { stringify } from 'yaml';
import { createWorkspace } from '../src/index.js';
import type { DeployOptions } from '../src/index.js';

/** The same file-backed provider, owning type `Other`, so two providers can be mixed. */
export const otherProvider: KusionPlugin = defineProvider({
  name: 'other',
  resourceTypes: ['Other'],
  create: (request) => createTestProvider(request),
});

export interface ScratchProject {
  readonly dir: string;
  readonly home: string;
  readonly io: ReturnType<typeof createRecordingIoHost>;
  /** Options for every engine call: workdir, KUSION_HOME, in-process plugins. */
  options(extra?: Partial<DeployOptions>): DeployOptions;
  writeResources(resources: readonly Resource[]): Promise<void>;
  /** The JSON objects in a provider's cloud folder, by id-derived file name. */
  cloud(folder?: string): Promise<Record<string, Record<string, unknown>>>;
  operations(folder?: string): Promise<{ op: string; id: string }[]>;
  cleanup(): Promise<void>;
}

export async function createScratchProject(
  providers: Record<string, Record<string, unknown>> = { test: {} },
): Promise<ScratchProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-core-'));
  const home = join(dir, '.home');
  await mkdir(join(dir, 'dev'), { recursive: true });
  await writeFile(join(dir, 'project.yaml'), 'name: scratch\n');
  await writeFile(join(dir, 'dev', 'stack.yaml'), 'name: dev\n');
  await writeFile(join(dir, 'dev', 'main.yaml'), 'resources: []\n');
  const settings = Object.fromEntries(
    Object.entries(providers).map(([name, extra]) => [name, { dir: `.cloud-${name}`, ...extra }]),
  );
  await writeFile(join(dir, 'workspace.yaml'), stringify({ providers: settings }));
  const io = createRecordingIoHost();
  const plugins = [testProvider, otherProvider];
  await createWorkspace({
    io,
    kusionHome: home,
    plugins,
    name: 'dev',
    file: join(dir, 'workspace.yaml'),
  });

  const cloudDir = (folder = 'test') => join(dir, `.cloud-${folder}`);
  return {
    dir,
    home,
    io,
    options: (extra = {}) => ({
      io,
      kusionHome: home,
      plugins,
      workdir: join(dir, 'dev'),
      yes: true,
      retryBaseDelayMs: 1,
      ...extra,
    }),
    async writeResources(resources) {
      await writeFile(join(dir, 'dev', 'main.yaml'), stringify({ resources }));
    },
    async cloud(folder) {
      const files = (await readdir(cloudDir(folder)).catch(() => [] as string[])).filter((f) =>
        f.endsWith('.json'),
      );
      const entries = await Promise.all(
        files.map(
          async (f) =>
            [
              f,
              JSON.parse(await readFile(join(cloudDir(folder), f), 'utf8')) as Record<
                string,
                unknown
              >,
            ] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
    async operations(folder) {
      const text = await readFile(join(cloudDir(folder), 'operations.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { op: string; id: string });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export const test = (
  id: string,
  attributes: Record<string, unknown> = {},
  extra: Partial<Resource> = {},
): Resource => ({
  id,
  type: 'Test',
  attributes,
  ...extra,
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin, isKusionError } from '@kusion/sdk';
import type { Attributes, Backend, KusionPlugin } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createLocalBackend, deploy, listWorkspaces, updateWorkspace } from '../src/index.js';
import { parseSecretReference } from '../src/secrets/secret-resolver.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

/** A plugin contributing a backend type, as a third-party backend package does. */
function definePluginForTest(
  type: string,
  create: (settings: Attributes) => Backend,
): KusionPlugin {
  return definePlugin({
    name: `backend-${type}`,
    apply: (host) => {
      host.registerBackend({ name: type, create });
    },
  });
}

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
  delete process.env.KUSION_TEST_CLOUD_DIR;
});

describe('backend selection', () => {
  it('uses the backend named by backends.current, or by --backend, from config.yaml', async () => {
    project = await createScratchProject();
    const elsewhere = join(project.dir, 'elsewhere');
    await writeFile(
      join(project.home, 'config.yaml'),
      stringify({
        backends: { current: 'shared', shared: { type: 'local', configs: { path: elsewhere } } },
      }),
    );
    // Only the implicit `default` workspace every backend has: `dev` lives in the local one.
    expect((await listWorkspaces({ io: project.io, kusionHome: project.home })).workspaces).toEqual(
      ['default'],
    );
    const local = await listWorkspaces({
      io: project.io,
      kusionHome: project.home,
      backendName: 'local',
    });
    expect(local.workspaces).toEqual(['default', 'dev']);
  });

  it('loads a backend type contributed by a plugin', async () => {
    project = await createScratchProject();
    await writeFile(
      join(project.home, 'config.yaml'),
      stringify({
        backends: { mine: { type: 'memory-ish', configs: { path: join(project.dir, 'x') } } },
      }),
    );
    const plugin = definePluginForTest('memory-ish', (settings) =>
      createLocalBackend({ kusionHome: String(settings.path) }),
    );
    const list = await listWorkspaces({
      io: project.io,
      kusionHome: project.home,
      backendName: 'mine',
      plugins: [plugin],
    });
    expect(list.workspaces).toEqual(['default']);
  });

  it('explains an unknown backend and a broken config file', async () => {
    project = await createScratchProject();
    const unknown = await listWorkspaces({
      io: project.io,
      kusionHome: project.home,
      backendName: 'nope',
    }).catch((e: unknown) => e);
    expect(isKusionError(unknown) && unknown.code).toBe('INVALID_ARGUMENT');
    expect((unknown as Error).message).toBe('backend "nope" is not defined');
    await writeFile(join(project.home, 'config.yaml'), 'backends:\n  x: {configs: 1}\n');
    const broken = await listWorkspaces({
      io: project.io,
      kusionHome: project.home,
      backendName: 'x',
    }).catch((e: unknown) => e);
    expect(isKusionError(broken) && broken.code).toBe('CONFIG_INVALID');
  });
});

describe('secret references', () => {
  it('parses names, keys, versions and names with slashes', () => {
    expect(parseSecretReference('ref://db')).toEqual({ name: 'db' });
    expect(parseSecretReference('ref://db/password')).toEqual({ name: 'db', key: 'password' });
    expect(parseSecretReference('ref://prod/db/password?version=3')).toEqual({
      name: 'prod/db',
      key: 'password',
      version: '3',
    });
    expect(parseSecretReference('ref://prod/db/')).toEqual({ name: 'prod/db' });
  });

  async function useWorkspace(workspace: Record<string, unknown>): Promise<void> {
    await writeFile(join(project.dir, 'workspace.yaml'), stringify(workspace));
    await updateWorkspace({
      ...project.options(),
      name: 'dev',
      file: join(project.dir, 'workspace.yaml'),
    });
  }

  it('resolves ref:// in provider settings through the env secret store', async () => {
    project = await createScratchProject();
    await mkdir(join(project.dir, 'secret-cloud'));
    process.env.KUSION_TEST_CLOUD_DIR = join(project.dir, 'secret-cloud');
    await useWorkspace({
      secretStore: { provider: 'env' },
      providers: { test: { dir: 'ref://KUSION_TEST_CLOUD_DIR' } },
    });
    await project.writeResources([test('a')]);
    expect((await deploy(project.options())).status).toBe('succeeded');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(project.dir, 'secret-cloud'))).toContain('a.json');
  });

  it('fails clearly without a secret store, or when the secret is missing, never printing values', async () => {
    project = await createScratchProject();
    await useWorkspace({ providers: { test: { dir: 'ref://KUSION_TEST_CLOUD_DIR' } } });
    await project.writeResources([test('a')]);
    const noStore = await deploy(project.options()).catch((e: unknown) => e);
    expect((noStore as Error).message).toBe(
      'workspace "dev" uses ref:// values but has no secretStore',
    );
    await useWorkspace({
      secretStore: { provider: 'env' },
      providers: { test: { dir: 'ref://KUSION_TEST_CLOUD_DIR' } },
    });
    const missing = await deploy(project.options()).catch((e: unknown) => e);
    expect((missing as Error).message).toBe(
      'secret ref://KUSION_TEST_CLOUD_DIR: environment variable KUSION_TEST_CLOUD_DIR is not set',
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { isKusionPlugin } from '@kusion/sdk';
import type { KusionPlugin, ModuleRegistration } from '@kusion/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initModule } from '../operations/init-module.js';

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string;
let packageDir: string;

beforeAll(async () => {
  // Inside the repository, so that the scaffold's imports resolve from its node_modules.
  dir = await mkdtemp(join(coreDir, '.scaffold-test-'));
  packageDir = (await initModule({ name: 'object-store', dir: join(dir, 'pkg') })).packageDir;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function registration(): Promise<ModuleRegistration> {
  const exported = (await import(pathToFileURL(join(packageDir, 'src', 'index.ts')).href)) as {
    default: KusionPlugin;
    objectStore: (settings?: object) => unknown;
  };
  expect(isKusionPlugin(exported.default)).toBe(true);
  expect(exported.objectStore({ size: 'large' })).toEqual({
    module: 'object-store',
    size: 'large',
  });
  let found: ModuleRegistration | undefined;
  await exported.default.apply({
    registerModule: (module: ModuleRegistration) => (found = module),
  } as never);
  if (!found) throw new Error('the scaffold registers no module');
  return found;
}

describe('kusion mod init', () => {
  it('writes a package: sdk as a peer, the test kit, a build, a README', async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
      name: string;
      peerDependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(manifest.name).toBe('kusion-module-object-store');
    expect(manifest.peerDependencies).toEqual({ '@kusion/sdk': '^0.1.0' });
    expect(manifest.devDependencies['@kusion/testkit']).toBe('0.1.0');
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(await readFile(join(packageDir, 'README.md'), 'utf8')).toContain('module: object-store');
  });

  it('has a golden file that holds what its module generates for the test case', async () => {
    const module = await registration();
    const result = await module.generate({
      project: 'shop',
      stack: 'dev',
      workspace: 'dev',
      projectDir: packageDir,
      appName: 'shop',
      app: {},
      part: { kind: 'accessory', name: 'main', value: { module: 'object-store' } },
      platform: {},
      context: {},
    });
    const golden = parse(await readFile(join(packageDir, 'test/golden/default.yaml'), 'utf8')) as {
      resources: unknown;
      patcher: unknown;
      patchedWorkload: {
        attributes: { spec: { template: { spec: { containers: { env: unknown }[] } } } };
      };
    };
    expect(golden.resources).toEqual(result.resources);
    expect(golden.patcher).toEqual(result.patcher);
    expect(golden.patchedWorkload.attributes.spec.template.spec.containers[0]?.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      {
        name: 'OBJECT_STORE_SIZE',
        valueFrom: { configMapKeyRef: { name: 'shop-main', key: 'size' } },
      },
    ]);
  });

  it('compiles under strict TypeScript', async () => {
    const tsc = join(coreDir, '..', '..', 'node_modules', '.bin', 'tsc');
    await expect(
      promisify(execFile)(tsc, ['-p', join(packageDir, 'tsconfig.json'), '--noEmit']),
    ).resolves.toBeDefined();
  }, 60_000);

  it('refuses a name apps could not write, and an existing package without --force', async () => {
    await expect(initModule({ name: 'Redis Cache', dir: join(dir, 'x') })).rejects.toThrow(
      /invalid module name "Redis Cache"/,
    );
    await expect(initModule({ name: 'object-store', dir: join(dir, 'pkg') })).rejects.toThrow(
      /already has package.json/,
    );
  });
});

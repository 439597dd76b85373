/**
 * The plugin as users load it: named in project.yaml, installed in the project's node_modules,
 * loaded by the engine, its rules stopping a deploy (or a destroy) before anything is applied.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkspace, deploy, destroy, listPlugins } from '@kusion/core';
import { isKusionError } from '@kusion/sdk';
import { createRecordingIoHost, testProvider } from '@kusion/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
const io = createRecordingIoHost();
const options = () => ({
  io,
  kusionHome: join(dir, '.home'),
  plugins: [testProvider],
  workdir: join(dir, 'app'),
  workspace: 'dev',
  yes: true,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-policy-plugin-'));
  await mkdir(join(dir, 'app'));
  await mkdir(join(dir, 'node_modules', '@kusion'), { recursive: true });
  await symlink(pluginDir, join(dir, 'node_modules', '@kusion', 'plugin-policy'), 'dir');
  await writeFile(
    join(dir, 'project.yaml'),
    'name: shop\nplugins:\n  - package: policy\n    settings: { rules: ./policy.yaml }\n',
  );
  await writeFile(join(dir, 'app', 'stack.yaml'), 'name: app\n');
  await writeFile(join(dir, 'dev.yaml'), 'providers:\n  test: { dir: ./cloud }\n');
  await createWorkspace({ ...options(), name: 'dev', file: join(dir, 'dev.yaml') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const writePolicy = (text: string) => writeFile(join(dir, 'policy.yaml'), text);
const writeResources = (text: string) => writeFile(join(dir, 'app', 'main.yaml'), text);
const cloud = async () =>
  (await readdir(join(dir, 'cloud')).catch(() => [])).filter((f) => f.endsWith('.json'));

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKusionError(error)) throw new Error(`expected a Kusion error, got ${String(error)}`);
  return error as typeof error & { violations?: unknown };
}

describe('@kusion/plugin-policy loaded from project.yaml', () => {
  it('stops a deploy that breaks a rule before anything is applied, naming rule and resource; without the rule it goes through', async () => {
    await writePolicy('rules:\n  - name: no-public-buckets\n    kind: deny-public-buckets\n');
    await writeResources(
      'resources:\n  - { id: test:assets, type: Test, attributes: { public: true } }\n  - { id: test:app, type: Test, attributes: {} }\n',
    );
    const error = await failureOf(deploy(options()));
    expect(error.code).toBe('POLICY_FAILED');
    expect(error.message).toBe(
      'the plan breaks 1 policy: test:assets: public bucket: it is marked public: true (rule no-public-buckets)',
    );
    expect(error.violations).toEqual([
      {
        resourceId: 'test:assets',
        rule: 'no-public-buckets',
        message: 'public bucket: it is marked public: true',
        severity: 'error',
      },
    ]);
    expect(await cloud()).toEqual([]);

    await writePolicy('rules: []\n');
    await expect(deploy(options())).resolves.toMatchObject({ status: 'succeeded' });
    expect(await cloud()).toHaveLength(2);
  });

  it('forbids destroying a protected resource; plugin list shows the plugin and its tap', async () => {
    await writePolicy('rules:\n  - name: keep-data\n    kind: forbid-protected-deletes\n');
    await writeResources(
      'resources:\n  - { id: test:db, type: Test, attributes: {}, extensions: { protected: true } }\n',
    );
    await deploy(options());
    const error = await failureOf(destroy(options()));
    expect(error.message).toContain('test:db: deleting a protected resource');
    expect(await cloud()).toHaveLength(1);

    const listing = await listPlugins(options());
    expect(listing.plugins.find((plugin) => plugin.name === 'policy')).toMatchObject({
      declaredIn: 'project.yaml',
      packageName: '@kusion/plugin-policy',
      version: '0.1.0',
      taps: [{ hook: 'validatePlan', name: 'policy/rules' }],
    });
  });

  it('a broken rules file stops the run at load time with its line', async () => {
    await writePolicy('rules:\n  - name: x\n    kind: nope\n');
    await writeResources('resources: []\n');
    const error = await failureOf(deploy(options()));
    expect(error.code).toBe('PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('policy.yaml:3:11: rules[0].kind: unknown kind "nope"');
  });
});

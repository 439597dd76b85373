import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isKusionError } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploy, destroy, listPlugins, preview, updateWorkspace } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

/**
 * A hook plugin package as a third party publishes it (branded by symbol, no import of our sdk):
 * it refuses resources whose `size` is over `settings.maxSize`, and records the workspace names it
 * sees in `<project>/seen-<name>.txt`.
 */
async function installPolicyPackage(name: string): Promise<void> {
  const dir = join(project.dir, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.2.3', type: 'module', exports: { '.': './index.js' } }),
  );
  await writeFile(
    join(dir, 'index.js'),
    `import { appendFileSync } from 'node:fs';
export default {
  [Symbol.for('kusion.plugin')]: true,
  name: '${name}',
  contractVersion: '2.1',
  apply(host) {
    const max = host.settings.maxSize ?? 10;
    host.hooks.validatePlan.tapPromise('size', async (plan, report) => {
      appendFileSync(host.projectDir + '/seen-${name}.txt', plan.workspace + '\\n');
      for (const change of plan.changes) {
        const size = change.desired?.attributes.size;
        if (typeof size === 'number' && size > max)
          report.report({ resourceId: change.id, message: 'size ' + size + ' > ' + max, rule: 'max-size' });
      }
    });
    host.hooks.afterApply.tapPromise('${name}', async () => {});
  },
};
`,
  );
}

async function writeProjectFile(extra: Record<string, unknown>): Promise<void> {
  await writeFile(join(project.dir, 'project.yaml'), stringify({ name: 'scratch', ...extra }));
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKusionError(error)) throw new Error(`expected a Kusion error, got ${String(error)}`);
  return { code: String(error.code), message: error.message };
}

describe('plugins named in project.yaml and in the workspace', () => {
  it('load from the project node_modules with their settings, and stop preview, deploy and destroy', async () => {
    project = await createScratchProject();
    await installPolicyPackage('kusion-plugin-sizes');
    await writeProjectFile({ plugins: [{ package: 'sizes', settings: { maxSize: 3 } }] });
    await project.writeResources([test('test:big', { size: 5 }), test('test:ok', { size: 2 })]);

    for (const run of [preview, deploy]) {
      const error = await errorOf(run(project.options()));
      expect(error).toEqual({
        code: 'POLICY_FAILED',
        message: 'the plan breaks 1 policy: test:big: size 5 > 3 (rule max-size)',
      });
    }
    expect(await project.cloud()).toEqual({});

    // Settings change the verdict; destroy runs the policy too (on its plan of deletes).
    await writeProjectFile({ plugins: [{ package: 'sizes', settings: { maxSize: 9 } }] });
    await deploy(project.options());
    expect(Object.keys(await project.cloud())).toHaveLength(2);
    const seen = join(project.dir, 'seen-kusion-plugin-sizes.txt');
    const runs = async (): Promise<number> => (await readFile(seen, 'utf8')).split('\n').length;
    const before = await runs();
    await destroy(project.options());
    expect(await project.cloud()).toEqual({});
    expect(await runs()).toBe(before + 1);
  });

  it('a workspace plugin acts on that workspace only; plugin list says where each came from and what it taps', async () => {
    project = await createScratchProject();
    await installPolicyPackage('kusion-plugin-sizes');
    await writeFile(
      join(project.dir, 'workspace.yaml'),
      stringify({
        providers: { test: { dir: '.cloud-test' } },
        plugins: [{ package: 'kusion-plugin-sizes', settings: { maxSize: 1 } }],
      }),
    );
    await updateWorkspace({
      ...project.options(),
      name: 'dev',
      file: join(project.dir, 'workspace.yaml'),
    });
    await project.writeResources([test('test:a', { size: 2 })]);
    expect((await errorOf(preview(project.options()))).code).toBe('POLICY_FAILED');

    const listing = await listPlugins(project.options());
    const sizes = listing.plugins.find((p) => p.name === 'kusion-plugin-sizes');
    expect(sizes).toMatchObject({
      declaredIn: 'workspace dev',
      packageName: 'kusion-plugin-sizes',
      version: '1.2.3',
      taps: [
        { hook: 'validatePlan', name: 'kusion-plugin-sizes/size' },
        { hook: 'afterApply', name: 'kusion-plugin-sizes' },
      ],
    });
    expect(sizes?.path).toBe(join(project.dir, 'node_modules', 'kusion-plugin-sizes', 'index.js'));
    expect(listing.plugins.find((p) => p.name === 'provider-test')).toMatchObject({
      declaredIn: 'code',
      registers: ['provider test (Test)'],
    });
  });

  it('a missing package fails naming the file that declared it and how to fix it', async () => {
    project = await createScratchProject();
    await writeProjectFile({ plugins: [{ package: 'no-such-policy' }] });
    await project.writeResources([test('test:a')]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    expect((error as Error).message).toContain(
      'plugins[0] of project.yaml (@kusion/plugin-no-such-policy or kusion-plugin-no-such-policy or no-such-policy): not found',
    );
    expect(isKusionError(error) && error.hint).toContain('npm install <package>');
  });

  it('a malformed plugins entry is a configuration error with its line', async () => {
    project = await createScratchProject();
    await writeFile(
      join(project.dir, 'project.yaml'),
      'name: scratch\nplugins:\n  - pakage: sizes\n',
    );
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toMatch(/project\.yaml:3:5: plugins\[0\]/);
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTRACT_VERSION, isKusionError, PluginLoadError } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploy, preview, updateWorkspace } from '../src/index.js';
import { createScratchProject } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

/** A provider package as a third party publishes it: no dependency on our sdk, branded by symbol. */
async function installFakeProvider(
  dir: string,
  name: string,
  body: string,
  contractVersion = '2.0',
  providerName = 'fake',
): Promise<void> {
  const packageDir = join(dir, 'node_modules', name);
  await mkdir(packageDir, { recursive: true });
  await writeFile(
    join(packageDir, 'package.json'),
    JSON.stringify({ name, type: 'module', exports: { '.': './index.js' } }),
  );
  await writeFile(
    join(packageDir, 'index.js'),
    `const store = new Map();
const provider = {
  kind: 'resource',
  async read({ resource }) { return { live: store.get(resource.id) }; },
  async plan({ resource, live }) { return { predicted: { ...resource.attributes, serial: live?.serial ?? 'new' } }; },
  async apply({ resource }) { const live = { ...resource.attributes, serial: store.size + 1 }; store.set(resource.id, live); return { attributes: live }; },
  async delete({ resource }) { store.delete(resource.id); },
};
${body}
export default {
  [Symbol.for('kusion.plugin')]: true,
  name: '${name}',
  contractVersion: '${contractVersion}',
  apply(host) { host.registerProvider({ name: '${providerName}', resourceTypes: ['Fake'], create: () => provider }); },
};
`,
  );
}

async function useWorkspace(providers: Record<string, unknown>): Promise<void> {
  await writeFile(join(project.dir, 'workspace.yaml'), stringify({ providers }));
  await updateWorkspace({
    ...project.options(),
    name: 'dev',
    file: join(project.dir, 'workspace.yaml'),
  });
}

describe('plugin loading', () => {
  it('finds kusion-provider-<name> in the project node_modules and recognises it by brand', async () => {
    project = await createScratchProject();
    await installFakeProvider(project.dir, 'kusion-provider-fake', '');
    await useWorkspace({ fake: {} });
    await project.writeResources([{ id: 'f1', type: 'Fake', attributes: { a: 1 } }]);
    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
  });

  it('only loads the providers the spec uses', async () => {
    project = await createScratchProject();
    await useWorkspace({ test: { dir: '.cloud' }, broken: { package: 'does-not-exist' } });
    await project.writeResources([{ id: 't', type: 'Test', attributes: {} }]);
    await expect(preview(project.options())).resolves.toBeDefined();
  });

  it('refuses a provider built for the old contract in one line, saying which versions and what to do', async () => {
    project = await createScratchProject();
    await installFakeProvider(project.dir, 'kusion-provider-fake', '', '1.0');
    await useWorkspace({ fake: {} });
    await project.writeResources([{ id: 'f1', type: 'Fake', attributes: {} }]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    const message = (error as Error).message;
    expect(message).toContain(
      `built for contract 1.0 and this engine implements ${CONTRACT_VERSION}: install a version of it built for @kusion/sdk 2.x`,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses a factory that returns no provider of a known kind', async () => {
    project = await createScratchProject();
    await installFakeProvider(project.dir, 'kusion-provider-fake', 'delete provider.kind;');
    await useWorkspace({ fake: {} });
    await project.writeResources([{ id: 'f1', type: 'Fake', attributes: {} }]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    expect((error as Error).message).toContain('its factory returned an object without "kind"');
  });

  it('refuses two plugins registering the same provider name, naming both', async () => {
    project = await createScratchProject();
    await installFakeProvider(project.dir, 'kusion-provider-fake', '', '2.0', 'test');
    await useWorkspace({ fake: {} });
    await project.writeResources([{ id: 'f1', type: 'Fake', attributes: {} }]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    expect((error as Error).message).toContain(
      'provider "test" is registered by both plugin provider-test and plugin kusion-provider-fake',
    );
  });

  it('reports every load failure together', async () => {
    project = await createScratchProject();
    const packageDir = join(project.dir, 'node_modules', 'not-a-plugin');
    await mkdir(packageDir, { recursive: true });
    await writeFile(
      join(packageDir, 'package.json'),
      JSON.stringify({ name: 'not-a-plugin', type: 'module', exports: './index.js' }),
    );
    await writeFile(join(packageDir, 'index.js'), 'export const x = 1;\n');
    await useWorkspace({
      first: { package: 'not-a-plugin' },
      second: { package: 'missing-package' },
    });
    await project.writeResources([
      { id: 'a', type: 'First', attributes: {} },
      { id: 'b', type: 'Second', attributes: {} },
    ]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    const failures = (error as PluginLoadError).failures;
    expect(failures.map((f) => f.packageName).sort()).toEqual(['missing-package', 'not-a-plugin']);
    expect(failures.find((f) => f.packageName === 'not-a-plugin')?.reason).toContain(
      'exports no Kusion plugin',
    );
  });
});

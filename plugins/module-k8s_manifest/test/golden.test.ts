/** Golden Specs of the k8s_manifest module (see golden/*.yaml), reading test/fixtures/shop. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { k8sManifest } from '../src/index.js';

const projectDir = fileURLToPath(new URL('./fixtures/shop/', import.meta.url));
const part = (paths: string[]) => ({
  kind: 'accessory' as const,
  name: 'manifests',
  value: k8sManifest({ paths }),
});

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'folder', part: part(['manifests']), projectDir },
    {
      name: 'file-and-platform-paths',
      part: part(['manifests/app.yaml']),
      platform: { paths: ['platform/quota.yml', 'manifests/app.yaml'] },
      projectDir,
    },
  ],
});

describe('k8s_manifest module', () => {
  it('reports every broken document with its file and line, and objects defined twice', async () => {
    const attempt = generateWithModule(plugin, {
      name: 'x',
      part: part(['manifests', 'broken/bad.yaml']),
      projectDir,
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    const error = (await attempt.catch((e: unknown) => e)) as ConfigError;
    expect(
      error.diagnostics.map((d) => ({ file: d.file, line: d.line, message: d.message })),
    ).toEqual([
      { file: 'broken/bad.yaml', line: 5, message: 'the object has no kind' },
      {
        file: undefined,
        line: undefined,
        message:
          'broken/bad.yaml:8: v1:Service:shop:legacy-api is already defined at manifests/app.yaml:19',
      },
    ]);
  });

  it('says which path does not exist, relative to the project folder', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(['nowhere.yaml']), projectDir }),
    ).rejects.toThrow(
      /nowhere\.yaml: no such file or folder \(paths are relative to the project folder/,
    );
  });
});

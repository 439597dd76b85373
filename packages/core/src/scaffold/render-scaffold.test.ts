import { readFile } from 'node:fs/promises';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderScaffold, SCAFFOLD_TOOL_VERSIONS } from './render-scaffold.js';

describe('scaffolds', () => {
  it('render a provider package: its files, names and versions', async () => {
    const files = await renderScaffold({ kind: 'provider', name: 'acme-db', generatedBy: 'test' });
    expect(files.map((file) => file.path)).toEqual([
      '.prettierrc.json',
      'package.json',
      'README.md',
      'src/client.ts',
      'src/fake-cloud.ts',
      'src/index.ts',
      'src/provider.ts',
      'src/settings.ts',
      'test/conformance.test.ts',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    const manifest = JSON.parse(files.find((f) => f.path === 'package.json')?.content ?? '') as {
      name: string;
      peerDependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      nx?: unknown;
    };
    expect(manifest.name).toBe('kusion-provider-acme-db');
    expect(manifest.peerDependencies).toEqual({ '@kusion/sdk': '^0.1.0' });
    expect(manifest.devDependencies.typescript).toBe(SCAFFOLD_TOOL_VERSIONS.typescript);
    expect(manifest.nx).toBeUndefined();
    const index = files.find((f) => f.path === 'src/index.ts')?.content;
    expect(index).toContain("resourceTypes: ['AcmeDb']");
    expect(index).toContain('create: createAcmeDbProvider');
    expect(files.every((file) => !file.content.includes('<%'))).toBe(true);
  });

  it('take nx tags and names, and refuse a name that is no package name', async () => {
    const files = await renderScaffold({
      kind: 'module',
      name: 'cache',
      packageName: '@acme/kusion-cache',
      nxTags: ['scope:plugin'],
      generatedBy: 'test',
    });
    const manifest = JSON.parse(files.find((f) => f.path === 'package.json')?.content ?? '') as {
      name: string;
      nx: unknown;
    };
    expect(manifest).toMatchObject({ name: '@acme/kusion-cache', nx: { tags: ['scope:plugin'] } });
    await expect(
      renderScaffold({ kind: 'provider', name: 'Acme DB', generatedBy: 'x' }),
    ).rejects.toThrow('invalid provider name "Acme DB"');
  });

  it('render files Prettier leaves as they are, with the tool versions of this repository', async () => {
    for (const kind of ['provider', 'module'] as const) {
      for (const file of await renderScaffold({
        kind,
        name: 'acme',
        nxTags: ['scope:plugin'],
        generatedBy: 'kusion provider init acme',
      })) {
        const formatted = await format(file.content, {
          filepath: file.path,
          printWidth: 100,
          singleQuote: true,
        });
        expect(file.content, `${kind}/${file.path}`).toBe(formatted);
      }
    }
    const root = JSON.parse(
      await readFile(new URL('../../../../package.json', import.meta.url), 'utf8'),
    ) as {
      devDependencies: Record<string, string>;
    };
    expect(SCAFFOLD_TOOL_VERSIONS).toEqual({
      typescript: root.devDependencies.typescript,
      vitest: root.devDependencies.vitest,
      typesNode: root.devDependencies['@types/node'],
    });
  });
});

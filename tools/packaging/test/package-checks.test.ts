import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPackedPackage } from '../src/package-checks.ts';
import type { PackageManifest } from '../src/workspace-packages.ts';

const LICENSE = 'Apache License\nVersion 2.0\n';
const REPOSITORY = 'git+https://example.invalid/kusion.git';
const facts = {
  licenseText: LICENSE,
  repositoryUrl: REPOSITORY,
  publicNames: new Set(['@kusion/sdk', '@kusion/core']),
};

const goodManifest: PackageManifest = {
  name: '@kusion/core',
  version: '0.1.0',
  license: 'Apache-2.0',
  repository: { type: 'git', url: REPOSITORY, directory: 'packages/core' },
  engines: { node: '>=22' },
  types: './dist/index.d.ts',
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  dependencies: { '@kusion/sdk': '0.1.0', yaml: '2.9.1' },
};

const goodFiles: Record<string, string> = {
  'README.md': '# core\n',
  LICENSE,
  'package.json': '{}',
  'dist/index.js': 'export {};\n//# sourceMappingURL=index.js.map\n',
  'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
  'dist/index.d.ts': 'export {};\n//# sourceMappingURL=index.d.ts.map\n',
  'dist/index.d.ts.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
  'src/index.ts': 'export {};\n',
};

/** Fields to change; `undefined` removes one. */
type ManifestPatch = { [K in keyof PackageManifest]?: PackageManifest[K] | undefined };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-package-checks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(
  files: Record<string, string | undefined>,
  manifest: ManifestPatch = {},
): Promise<string[]> {
  const present = Object.entries({ ...goodFiles, ...files }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  for (const [path, text] of present) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return checkPackedPackage(
    {
      dir: 'packages/core',
      absoluteDir: dir,
      manifest: { ...goodManifest, ...manifest } as PackageManifest,
      files: present.map(([path]) => path),
    },
    facts,
  );
}

describe('checkPackedPackage', () => {
  it('accepts a package with README, LICENSE, repository, types and resolvable source maps', async () => {
    expect(await check({})).toEqual([]);
  });

  it('accepts source maps that carry their sources inline', async () => {
    const inline = JSON.stringify({
      version: 3,
      sources: ['../src/index.ts'],
      sourcesContent: ['export {};'],
      mappings: '',
    });
    expect(
      await check({
        'src/index.ts': undefined,
        'dist/index.js.map': inline,
        'dist/index.d.ts.map': inline,
      }),
    ).toEqual([]);
  });

  it.each<[string, Record<string, string | undefined>, ManifestPatch, string]>([
    ['no README', { 'README.md': undefined }, {}, 'ships no README.md'],
    ['no LICENSE', { LICENSE: undefined }, {}, 'ships no LICENSE'],
    ['another LICENSE', { LICENSE: 'MIT\n' }, {}, "its LICENSE differs from the repository's"],
    ['no repository', {}, { repository: undefined }, '"repository" must be'],
    [
      'a repository of another folder',
      {},
      { repository: { type: 'git', url: REPOSITORY, directory: 'packages/sdk' } },
      '"repository" must be',
    ],
    ['no types', {}, { types: undefined }, 'has an entry point but no "types"'],
    [
      'types not shipped',
      { 'dist/index.d.ts': undefined, 'dist/index.d.ts.map': undefined },
      {},
      '"types" names ./dist/index.d.ts, which is not in the tarball',
    ],
    [
      'maps without their sources',
      { 'src/index.ts': undefined },
      {},
      'dist/index.js.map names sources that are not in the tarball: ../src/index.ts',
    ],
    [
      'a missing map',
      { 'dist/index.js.map': undefined },
      {},
      'dist/index.js points at dist/index.js.map, which is not in the tarball',
    ],
    [
      'an unpublished dependency',
      {},
      { dependencies: { '@kusion/test-peers': '0.0.0' } },
      'depends on @kusion/test-peers, which is not published',
    ],
    ['no engines', {}, { engines: undefined }, '"engines.node" is not set'],
  ])('refuses a package with %s', async (_case, files, manifest, problem) => {
    const problems = await check(files, manifest);
    expect(
      problems.some((text) => text.includes(problem)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('lets an optional peer dependency be unpublished', async () => {
    expect(
      await check(
        {},
        {
          peerDependencies: { '@kusion/vitest-plugin': '1' },
          peerDependenciesMeta: { '@kusion/vitest-plugin': { optional: true } },
        },
      ),
    ).toEqual([]);
  });
});

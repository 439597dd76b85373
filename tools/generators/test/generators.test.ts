/**
 * The nx generators write exactly what `kusion provider init` writes (the same templates, the
 * same renderer; only the package name and nx tags differ, as asked), and what they write builds
 * and passes its own tests: the conformance kit against the in-memory fake, for a provider.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderScaffold } from '@kusion/core';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import moduleGenerator from '../src/module/generator.ts';
import providerGenerator from '../src/provider/generator.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function filesUnder(tree: Tree, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (path: string): void => {
    if (tree.isFile(path)) files.set(path.slice(dir.length + 1), tree.read(path, 'utf-8') ?? '');
    else for (const child of tree.children(path)) visit(`${path}/${child}`);
  };
  visit(dir);
  return files;
}

describe('npx nx g @kusion/tools:provider', () => {
  it('writes the package kusion provider init writes, in plugins/provider-<name>', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await providerGenerator(tree, { name: 'acme' });
    const written = filesUnder(tree, 'plugins/provider-acme');
    const rendered = await renderScaffold({
      kind: 'provider',
      name: 'acme',
      packageName: '@kusion/provider-acme',
      nxTags: ['scope:plugin'],
      generatedBy: 'npx nx g @kusion/tools:provider acme',
    });
    expect(new Map(rendered.map((file) => [file.path, file.content]))).toEqual(written);
    expect(JSON.parse(written.get('package.json') ?? '')).toMatchObject({
      name: '@kusion/provider-acme',
      nx: { tags: ['scope:plugin'] },
    });
  });

  it('refuses a folder that is not empty', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('plugins/provider-acme/keep.txt', 'mine');
    await expect(providerGenerator(tree, { name: 'acme' })).rejects.toThrow(
      'plugins/provider-acme exists and is not empty',
    );
  });

  it('generates packages that build and pass their tests (the provider: the conformance kit)', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kusion-generated-'));
    const tree = createTreeWithEmptyWorkspace();
    await providerGenerator(tree, { name: 'acme-db', directory: 'provider' });
    await moduleGenerator(tree, { name: 'cache', directory: 'module' });
    for (const [dir, files] of [
      ['provider', filesUnder(tree, 'provider')],
      ['module', filesUnder(tree, 'module')],
    ] as const) {
      for (const [path, content] of files) {
        await mkdir(dirname(join(scratch, dir, path)), { recursive: true });
        await writeFile(join(scratch, dir, path), content);
      }
      // The repository's installed packages stand in for `npm install`.
      await symlink(join(repoRoot, 'node_modules'), join(scratch, dir, 'node_modules'), 'dir');
      const cwd = join(scratch, dir);
      execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd, stdio: 'pipe' });
      const output = execFileSync(bin('vitest'), ['run', '--reporter=verbose'], {
        cwd,
        stdio: 'pipe',
        env: { ...process.env, NO_COLOR: '1' },
      }).toString();
      if (dir === 'provider') {
        expect(output).toContain('provider conformance (resource): acme-db (in-memory fake)');
        expect(output).toMatch(/Tests\s+11 passed \(11\)/);
      } else {
        expect(output).toMatch(/Tests\s+1 passed \(1\)/);
      }
    }
  }, 120_000);
});

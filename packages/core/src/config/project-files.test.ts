import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, KusionError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findStackDir, loadStackFiles } from './project-files.js';

let root: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'kusion-project-')));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

async function rejection(promise: Promise<unknown>): Promise<KusionError> {
  const reason = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (reason instanceof KusionError) return reason;
  throw new Error(`expected a KusionError, got ${String(reason)}`);
}

describe('findStackDir', () => {
  beforeEach(() =>
    writeTree({
      'shop/project.yaml': 'name: shop\n',
      'shop/dev/stack.yaml': 'name: dev\n',
      'shop/dev/config/nested/.keep': '',
      'shop/prod/stack.yaml': 'name: prod\n',
    }),
  );

  it('answers the start folder when it holds stack.yaml', async () => {
    expect(await findStackDir(join(root, 'shop/dev'))).toBe(join(root, 'shop/dev'));
  });

  it('walks up to the nearest stack folder', async () => {
    expect(await findStackDir(join(root, 'shop/dev/config/nested'))).toBe(join(root, 'shop/dev'));
  });

  it('names the stacks when run in a project folder', async () => {
    const error = await rejection(findStackDir(join(root, 'shop')));
    expect(error.code).toBe('PROJECT_NOT_FOUND');
    expect(error.message).toContain('no stack.yaml in');
    expect(error.hint).toContain('run inside one of its stacks (dev, prod)');
  });

  it('explains how to get a stack when there is none', async () => {
    const error = await rejection(findStackDir(root));
    expect(error.code).toBe('PROJECT_NOT_FOUND');
    expect(error.hint).toBe(
      'run inside a stack folder, pass --workdir, or create one with `kusion init`',
    );
    expect((await rejection(findStackDir(join(root, 'missing')))).message).toContain(
      'no such folder',
    );
  });
});

describe('loadStackFiles', () => {
  it('reads the stack and the nearest project above it', async () => {
    await writeTree({
      'shop/project.yaml': 'name: shop\ndescription: the shop\nlabels: { team: web }\n',
      'shop/envs/dev/stack.yaml': 'name: dev\nextensions: { anything: goes }\n',
    });
    expect(await loadStackFiles(join(root, 'shop/envs/dev'))).toEqual({
      projectDir: join(root, 'shop'),
      project: { name: 'shop', description: 'the shop', labels: { team: 'web' } },
      stackDir: join(root, 'shop/envs/dev'),
      stack: { name: 'dev', extensions: { anything: 'goes' } },
    });
  });

  it('prefers the nearest project.yaml, the stack folder included', async () => {
    await writeTree({
      'project.yaml': 'name: outer\n',
      'inner/project.yaml': 'name: inner\n',
      'inner/dev/stack.yaml': 'name: dev\n',
      'solo/project.yaml': 'name: solo\n',
      'solo/stack.yaml': 'name: only\n',
    });
    expect((await loadStackFiles(join(root, 'inner/dev'))).project.name).toBe('inner');
    const solo = await loadStackFiles(join(root, 'solo'));
    expect([solo.projectDir, solo.project.name, solo.stack.name]).toEqual([
      join(root, 'solo'),
      'solo',
      'only',
    ]);
  });

  it('explains a missing project.yaml or stack.yaml', async () => {
    await writeTree({ 'dev/stack.yaml': 'name: dev\n', 'empty/.keep': '' });
    const noProject = await rejection(loadStackFiles(join(root, 'dev')));
    expect(noProject.code).toBe('PROJECT_NOT_FOUND');
    expect(noProject.message).toContain('no project.yaml in');
    expect(noProject.hint).toContain('kusion init');
    expect((await rejection(loadStackFiles(join(root, 'empty')))).message).toContain(
      'no stack.yaml',
    );
  });

  it('reports the problems of both files together', async () => {
    await writeTree({
      'shop/project.yaml': 'nmae: shop\n',
      'shop/dev/stack.yaml': 'name: dev\nlabels: { tier: 1 }\n',
    });
    const error = await rejection(loadStackFiles(join(root, 'shop/dev')));
    if (!(error instanceof ConfigError)) throw new Error('expected a ConfigError');
    expect(error.diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? ''} ${d.message}`)).toEqual([
      `${join(root, 'shop/project.yaml')}:1 missing required property "name"`,
      `${join(root, 'shop/project.yaml')}:1 nmae: unknown property "nmae" (did you mean "name"?); allowed: name, description, labels, extensions, plugins`,
      `${join(root, 'shop/dev/stack.yaml')}:2 labels.tier: must be a string, received 1`,
    ]);
  });
});

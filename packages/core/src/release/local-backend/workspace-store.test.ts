import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceStore } from '@kusion/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalLayout } from './local-layout.js';
import { createLocalWorkspaceStore } from './workspace-store.js';

async function makeStore(): Promise<{ home: string; store: WorkspaceStore }> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-workspaces-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return { home, store: createLocalWorkspaceStore(createLocalLayout(home)) };
}

const prod = {
  name: 'prod',
  providers: { kubernetes: { kubeconfig: '~/.kube/prod' } },
  context: { region: 'eu-west-1' },
};

describe('local workspace store', () => {
  it('creates, reads, lists (sorted), updates and deletes workspaces', async () => {
    const { home, store } = await makeStore();
    expect(await store.list()).toEqual([]);
    await store.create(prod);
    await store.create({ name: 'dev' });
    expect(await store.list()).toEqual(['dev', 'prod']);
    expect(await store.get('prod')).toEqual(prod);
    expect(await readFile(join(home, 'workspaces', 'prod.yaml'), 'utf8')).toContain(
      'region: eu-west-1',
    );

    await store.update({ ...prod, context: { region: 'us-east-1' } });
    expect((await store.get('prod'))?.context).toEqual({ region: 'us-east-1' });

    await store.delete('dev');
    expect(await store.list()).toEqual(['prod']);
    expect(await store.get('dev')).toBeUndefined();
  });

  it('refuses to create a taken name, listing existing names; one of racing creators wins', async () => {
    const { store } = await makeStore();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.create(prod)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    await expect(store.create(prod)).rejects.toMatchObject({
      code: 'WORKSPACE_EXISTS',
      message: expect.stringContaining('"prod"'),
      hint: expect.stringContaining('taken: prod'),
    });
  });

  it('fails update and delete of a missing workspace with WORKSPACE_NOT_FOUND and a hint', async () => {
    const { store } = await makeStore();
    await store.create({ name: 'dev' });
    await expect(store.update({ name: 'qa' })).rejects.toMatchObject({
      code: 'WORKSPACE_NOT_FOUND',
      hint: expect.stringContaining('Existing workspaces: dev'),
    });
    await expect(store.delete('qa')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
  });

  it('selects a current workspace and clears it when that workspace is deleted', async () => {
    const { home, store } = await makeStore();
    expect(await store.getCurrent()).toBeUndefined();
    await store.create({ name: 'dev' });
    await store.create(prod);
    await store.setCurrent('dev');
    expect(await store.getCurrent()).toBe('dev');
    expect(await readFile(join(home, 'current-workspace'), 'utf8')).toBe('dev\n');

    await store.delete('prod');
    expect(await store.getCurrent()).toBe('dev');
    await store.delete('dev');
    expect(await store.getCurrent()).toBeUndefined();

    await store.create({ name: 'dev' });
    await store.setCurrent('dev');
    await store.setCurrent(undefined);
    expect(await store.getCurrent()).toBeUndefined();
    await expect(store.setCurrent('missing')).rejects.toMatchObject({
      code: 'WORKSPACE_NOT_FOUND',
    });
  });

  it('validates names before touching the file system', async () => {
    const { store } = await makeStore();
    await expect(store.create({ name: '../escape' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.get('a/b')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.setCurrent('..')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('reports a hand-broken workspace file with file and line; the file name is the identity', async () => {
    const { home, store } = await makeStore();
    await store.create({ name: 'dev' });
    const file = join(home, 'workspaces', 'dev.yaml');
    await writeFile(file, 'name: dev\ncontext: [unclosed\n');
    await expect(store.get('dev')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      diagnostics: [expect.objectContaining({ file, line: expect.any(Number) })],
    });
    await writeFile(file, 'name: renamed\ncontext: { a: 1 }\n');
    expect(await store.get('dev')).toEqual({ name: 'dev', context: { a: 1 } });
  });
});

/**
 * What the local workspace store adds to the backend conformance suite (see
 * local-backend.conformance.test.ts): its files, and hand-edited ones.
 */
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
  it('stores each workspace as YAML at workspaces/<name>.yaml and the selection as a name', async () => {
    const { home, store } = await makeStore();
    await store.create(prod);
    await store.setCurrent('prod');
    expect(await readFile(join(home, 'workspaces', 'prod.yaml'), 'utf8')).toBe(
      [
        'name: prod',
        'providers:',
        '  kubernetes:',
        '    kubeconfig: ~/.kube/prod',
        'context:',
        '  region: eu-west-1',
        '',
      ].join('\n'),
    );
    expect(await readFile(join(home, 'current-workspace'), 'utf8')).toBe('prod\n');
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
    await writeFile(file, '- a list\n');
    await expect(store.get('dev')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      diagnostics: [expect.objectContaining({ file })],
    });
    await writeFile(file, 'name: renamed\ncontext: { a: 1 }\n');
    expect(await store.get('dev')).toEqual({ name: 'dev', context: { a: 1 } });
  });

  it('reports a hand-edited selection naming no possible workspace as STATE_CORRUPT', async () => {
    const { home, store } = await makeStore();
    await writeFile(join(home, 'current-workspace'), '../etc\n');
    await expect(store.getCurrent()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(join(home, 'current-workspace')),
      hint: expect.stringContaining('kusion workspace switch'),
    });
  });
});

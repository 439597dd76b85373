/**
 * A `$KUSION_HOME` written by KusionStack Kusion, read in place by the local backend: its current
 * workspace, its releases (listed with ours; ours continue the numbering), never written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Release } from '@kusion/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { withImplicitDefaultWorkspace } from '../implicit-default-workspace.js';
import { createLocalBackend } from './local-backend.js';

const scope = { project: 'test_project', workspace: 'test_ws', stack: 'test_stack' };

/** Kusion's release file, as its own test data writes it. */
function kusionRelease(revision: number, phase = 'succeeded'): string {
  return [
    'project: test_project',
    'workspace: test_ws',
    `revision: ${revision}`,
    'stack: test_stack',
    'spec:',
    '  resources:',
    '    - id: v1:Secret:fakeNs:db',
    '      type: Kubernetes',
    '      attributes:',
    '        apiVersion: v1',
    '        kind: Secret',
    '        metadata: { name: db, namespace: fakeNs }',
    '        data: { password: aHVudGVyMg== }',
    '      extensions:',
    '        GVK: /v1, Kind=Secret',
    'state:',
    '  resources:',
    '    - id: v1:Secret:fakeNs:db',
    '      type: Kubernetes',
    '      attributes:',
    '        apiVersion: v1',
    '        kind: Secret',
    '        metadata: { name: db, namespace: fakeNs }',
    '        data: { password: aHVudGVyMg== }',
    `phase: ${phase}`,
    'createTime: 2024-05-10T16:48:00+08:00',
    'modifiedTime: 2024-05-10T16:48:00+08:00',
    '',
  ].join('\n');
}

async function kusionHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-home-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  const releases = join(home, 'releases', 'test_project', 'test_ws');
  await mkdir(releases, { recursive: true });
  await writeFile(
    join(releases, '.metadata.yml'),
    [
      'latestRevision: 3',
      'releaseMetaDatas:',
      ...[1, 2, 3].flatMap((revision) => [
        `    - revision: ${revision}`,
        '      stack: test_stack',
      ]),
      '',
    ].join('\n'),
  );
  await writeFile(join(releases, '1.yaml'), kusionRelease(1));
  await writeFile(join(releases, '2.yaml'), kusionRelease(2, 'failed'));
  await writeFile(join(releases, '3.yaml'), kusionRelease(3, 'applying'));
  await mkdir(join(home, 'workspaces'));
  await writeFile(
    join(home, 'workspaces', '.metadata.yml'),
    'current: dev\navailableWorkspaces:\n    - default\n    - dev\n',
  );
  await writeFile(join(home, 'workspaces', 'default.yaml'), '{}\n');
  await writeFile(
    join(home, 'workspaces', 'dev.yaml'),
    'context:\n    kubernetes:\n        kubeConfig: /etc/kubeconfig.yaml\n',
  );
  return home;
}

describe("Kusion's $KUSION_HOME in the local backend", () => {
  it('lists Kusion releases 1–3 of the stack, in our shape, secrets hashed', async () => {
    const backend = createLocalBackend({ kusionHome: await kusionHome() });
    const list = await backend.releases.list(scope);
    expect(list.map((r) => [r.revision, r.phase, r.operation, r.resourceCount])).toEqual([
      [1, 'succeeded', 'deploy', 1],
      [2, 'failed', 'deploy', 1],
      // A Kusion run that never finished: failed, with why.
      [3, 'failed', 'deploy', 1],
    ]);
    const third = await backend.releases.get(scope, 3);
    expect(third?.error).toContain('"applying"');
    expect(third?.createdAt).toBe('2024-05-10T08:48:00.000Z');
    const text = JSON.stringify(third);
    expect(text).not.toContain('aHVudGVyMg==');
    expect(text).toContain('(sensitive sha256:');
    expect(await backend.releases.list({ ...scope, stack: 'other' })).toEqual([]);
  });

  it('records our next revision as 4, in our format, and never reuses a Kusion revision', async () => {
    const home = await kusionHome();
    const backend = createLocalBackend({ kusionHome: home });
    const latest = await backend.releases.latest(scope);
    expect(latest?.revision).toBe(3);
    const lockScope = { project: scope.project, workspace: scope.workspace };
    const acquired = await backend.locks.tryAcquire({
      scope: lockScope,
      holder: { user: 'ana', host: 'h', pid: process.pid, command: 'test' },
      ttlMs: 60_000,
    });
    if (!('lock' in acquired)) throw new Error('the lock is free in a new home');
    const { info } = acquired.lock;
    const fence = { scope: lockScope, holderId: info.id, generation: info.generation };
    const release: Release = {
      ...scope,
      revision: 4,
      operation: 'deploy',
      phase: 'succeeded',
      spec: { resources: [] },
      state: { resources: [] },
      createdAt: new Date().toISOString(),
      modifiedAt: new Date().toISOString(),
      user: 'ana',
      host: 'h',
    };
    await backend.releases.create(release, { fence });
    await expect(
      backend.releases.create({ ...release, revision: 2 }, { fence }),
    ).rejects.toMatchObject({ code: 'STATE_CONFLICT' });
    expect((await backend.releases.list(scope)).map((r) => r.revision)).toEqual([1, 2, 3, 4]);
    const ours = await readFile(
      join(home, 'releases', 'test_project', 'test_ws', 'test_stack', '4.json'),
      'utf8',
    );
    expect(JSON.parse(ours)).toMatchObject({ revision: 4, stack: 'test_stack' });
    // Kusion's own files are left as they were.
    expect(
      await readFile(join(home, 'releases', 'test_project', 'test_ws', '.metadata.yml'), 'utf8'),
    ).toContain('latestRevision: 3');
  });

  it("selects Kusion's current workspace, and lists its workspaces", async () => {
    const backend = createLocalBackend({ kusionHome: await kusionHome() });
    expect(await backend.workspaces.getCurrent()).toBe('dev');
    expect(await backend.workspaces.list()).toEqual(['default', 'dev']);
    expect(await backend.workspaces.get('dev')).toMatchObject({
      context: { kubernetes: { kubeConfig: '/etc/kubeconfig.yaml' } },
    });
    await backend.workspaces.setCurrent('default');
    expect(await backend.workspaces.getCurrent()).toBe('default');
  });
});

describe('the implicit default workspace', () => {
  it('exists, empty, and is current in an empty backend until another is selected', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kusion-empty-'));
    onTestFinished(() => rm(home, { recursive: true, force: true }));
    const backend = withImplicitDefaultWorkspace(createLocalBackend({ kusionHome: home }));
    expect(await backend.workspaces.list()).toEqual(['default']);
    expect(await backend.workspaces.getCurrent()).toBe('default');
    expect(await backend.workspaces.get('default')).toEqual({ name: 'default' });
    expect(await backend.workspaces.get('prod')).toBeUndefined();
    // Updating it stores it.
    await backend.workspaces.update({ name: 'default', context: { a: 1 } });
    expect(await backend.workspaces.get('default')).toEqual({ name: 'default', context: { a: 1 } });
    await backend.workspaces.create({ name: 'prod' });
    await backend.workspaces.setCurrent('prod');
    expect(await backend.workspaces.getCurrent()).toBe('prod');
    expect(await backend.workspaces.list()).toEqual(['default', 'prod']);
  });
});

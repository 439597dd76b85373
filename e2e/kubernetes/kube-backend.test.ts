/**
 * The kubernetes backend through the packed CLI, against a real kube-apiserver (started here,
 * stopped by its pid): workspaces and releases live in the cluster as Secrets, the lock as a
 * Lease. Of two concurrent deploys on one workspace exactly one runs and the other exits 3 naming
 * the holder; a deploy whose lock is force-released mid-run (`kusion release unlock`) stops
 * before its next write with exit 3, and the next deploy converges.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject, TestResource } from '../test/support/project.ts';
import type { RunResult, RunningKusion } from '../test/support/kusion.ts';
import { toYaml } from '../test/support/yaml.ts';

const NAMESPACE = 'kusion-e2e';
const run = promisify(execFile);
let kube: KubeApiserverPeer;

beforeAll(async () => {
  kube = await startKubeApiserver();
}, 300_000);
afterAll(async () => {
  await kube.stop();
});

const kubectl = async (...args: string[]): Promise<string> =>
  (await run('kubectl', ['--kubeconfig', kube.kubeconfigPath, '-n', NAMESPACE, ...args])).stdout;

/** A project whose KUSION_HOME selects the kubernetes backend, with workspace `dev` created in it. */
async function kubeBackendProject(
  resources: readonly TestResource[],
  latencyMs: number,
): Promise<ScratchProject> {
  const project = await createProject({ name: 'shop', resources, provider: { latencyMs } });
  await mkdir(project.kusionHome, { recursive: true });
  await writeFile(
    join(project.kusionHome, 'config.yaml'),
    toYaml({
      backends: {
        current: 'cluster',
        cluster: {
          type: 'kubernetes',
          configs: { kubeconfig: kube.kubeconfigPath, namespace: NAMESPACE, createNamespace: true },
        },
      },
    }),
  );
  // Every project shares the namespace: start from no workspace and no lock of project "shop".
  await kubectl('delete', 'secrets,leases', '-l', 'app.kubernetes.io/managed-by=kusion').catch(
    () => '',
  );
  await project.createWorkspace('dev');
  return project;
}

/** Resolves once `count` operations ended in the test cloud; fails if the run exits first. */
async function untilOperations(project: ScratchProject, running: RunningKusion, count: number) {
  const giveUpAt = Date.now() + 30_000;
  while (Date.now() < giveUpAt) {
    if ((await project.operations()).length >= count) return;
    if (running.child.exitCode !== null) throw new Error((await running.done).transcript);
    await sleep(50);
  }
  throw new Error(`fewer than ${count} operations in 30 s`);
}

function expectStoppedByFence(result: RunResult): void {
  expect(result.exitCode, result.transcript).toBe(3);
  expect(result.stderr).toMatch(
    /^Error \[LOCKED\]: the lock on project "shop", workspace "dev" was (force-released|taken over)/m,
  );
  expect(result.stderr).toContain('this run stopped before its next write');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('the kubernetes backend through the CLI', () => {
  it('runs exactly one of two concurrent deploys; the other exits 3 naming the holder', async () => {
    const project = await kubeBackendProject(
      [
        { id: 'test:db', attributes: { size: 'small' } },
        { id: 'test:app', attributes: { db: '$kusion_path.test:db.uid' } },
      ],
      1500,
    );
    const first = project.spawn(['deploy', '--yes'], { timeoutMs: 60_000 });
    const second = project.spawn(['deploy', '--yes'], { timeoutMs: 60_000 });
    const results = await Promise.all([first.done, second.done]);
    const transcripts = results.map((result) => result.transcript).join('\n');
    expect(results.map((result) => result.exitCode).sort(), transcripts).toEqual([0, 3]);
    const loser = results.find((result) => result.exitCode === 3);
    expect(loser?.stderr).toMatch(/locked by .+@.+ \(pid \d+/);

    const list = await project.run(['release', 'list', '--json']);
    expect(list.exitCode, list.transcript).toBe(0);
    expect(list.json()).toMatchObject({
      releases: [expect.objectContaining({ revision: 1, phase: 'succeeded' })],
    });
    // In the cluster: the release as a labelled Secret, the lock as a Lease nobody holds now.
    const releases = await kubectl(
      'get',
      'secrets',
      '-l',
      'kusion.io/record=release,kusion.io/project=shop,kusion.io/workspace=dev',
      '-o',
      'jsonpath={.items[*].metadata.annotations.kusion\\.io/revision}',
    );
    expect(releases.trim()).toBe('1');
    const holder = await kubectl(
      'get',
      'leases',
      '-l',
      'kusion.io/record=lock',
      '-o',
      'jsonpath={.items[*].spec.holderIdentity}',
    );
    expect(holder.trim()).toBe('');
    expect((await project.operations()).length).toBe(2);
  });

  it('release unlock mid-run: the run stops before its next write (exit 3); the next deploy converges', async () => {
    const count = 30;
    const project = await kubeBackendProject(
      Array.from({ length: count }, (_, index) => ({
        id: `test:r${index}`,
        attributes: { index },
      })),
      200,
    );
    const first = project.spawn(['deploy', '--yes', '--concurrency', '2'], { timeoutMs: 60_000 });
    await untilOperations(project, first, 4);
    const unlock = await project.run(['release', 'unlock', '--json']);
    expect(unlock.exitCode, unlock.transcript).toBe(0);
    expect(unlock.json()).toMatchObject({ unlocked: true, holder: { pid: first.pid } });
    const second = project.spawn(['deploy', '--yes'], { timeoutMs: 60_000 });
    const [firstResult, secondResult] = await Promise.all([first.done, second.done]);
    expectStoppedByFence(firstResult);
    expect(secondResult.exitCode, secondResult.transcript).toBe(0);

    const list = await project.run(['release', 'list', '--json']);
    expect(list.exitCode, list.transcript).toBe(0);
    const { releases } = list.json<{ releases: { revision: number; phase: string }[] }>();
    expect(releases.map((release) => [release.revision, release.phase])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    const preview = await project.run(['preview', '--exit-code']);
    expect(preview.exitCode, preview.transcript).toBe(0);
    const shown = await project.run(['release', 'show', '--json']);
    expect(JSON.stringify(shown.json())).toContain(`test:r${count - 1}`);
  });
});

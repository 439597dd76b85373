/**
 * Runs that lose their lock, dead holders, and stopped runs, through the engine's API with the
 * testkit provider: each case is a defect of issue 12 that this engine used to have.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isKusionError } from '@kusion/sdk';
import type { LockInfo } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, listReleases, showRelease, unlockWorkspace } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

const lockFile = (home: string) => join(home, 'locks', 'scratch', 'dev.lock');

/** Resolves once the provider has applied `count` resources. */
async function untilApplied(count: number): Promise<void> {
  for (let waited = 0; (await project.operations()).length < count; waited += 10) {
    if (waited > 20_000) throw new Error(`fewer than ${count} operations after 20 s`);
    await sleep(10);
  }
}

/** A holder that cannot still be running: a pid far above any this machine hands out. */
function deadHolder(extra: Partial<LockInfo> = {}): LockInfo {
  const now = Date.now();
  return {
    id: 'killed-run',
    generation: 3,
    user: 'ana',
    host: hostname(),
    pid: 2_147_483_000,
    command: 'kusion deploy',
    acquiredAt: new Date(now - 5000).toISOString(),
    expiresAt: new Date(now + 600_000).toISOString(),
    ...extra,
  };
}

async function writeLock(info: LockInfo): Promise<void> {
  await mkdir(join(project.home, 'locks', 'scratch'), { recursive: true });
  await writeFile(lockFile(project.home), JSON.stringify(info));
}

describe('a lock whose holder is gone (defect 1)', () => {
  it('is taken over by a plain deploy, with a warning naming why', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    await writeLock(deadHolder());
    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
    const warning = project.io.messages.find((m) => m.code === 'LOCK_TAKEN_OVER');
    expect(warning?.message).toContain('process 2147483000 on this host is no longer running');
    await expect(readFile(lockFile(project.home), 'utf8')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('is taken over when its pid now belongs to another process', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    // This very process is alive, but it started at another time than the holder recorded.
    await writeLock(deadHolder({ pid: process.pid, processStart: 'another-boot:1' }));
    expect((await deploy(project.options())).status).toBe('succeeded');
    expect(project.io.messages.find((m) => m.code === 'LOCK_TAKEN_OVER')?.message).toContain(
      'its pid now belongs to another process',
    );
  });

  it('is taken over once expired, whatever host held it', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    await writeLock(
      deadHolder({
        host: 'ci-runner-7',
        pid: 1,
        expiresAt: new Date(Date.now() - 1).toISOString(),
      }),
    );
    expect((await deploy(project.options())).status).toBe('succeeded');
  });

  it('is respected while a live holder on another host renews it', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    await writeLock(deadHolder({ host: 'ci-runner-7', pid: 1 }));
    const error = await deploy(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('LOCKED');
    expect((error as Error).message).toContain('ana@ci-runner-7 (pid 1');
  });
});

describe('a run that loses its lock (defect 2)', () => {
  it('stops before its next write and ends LOCKED naming who took it; the new run loses nothing', async () => {
    project = await createScratchProject({ test: { latencyMs: 150 } });
    const resources = Array.from({ length: 12 }, (_, i) => test(`r${i}`));
    await project.writeResources(resources);
    const first = deploy(project.options({ concurrency: 2 })).catch((e: unknown) => e);
    await untilApplied(3);
    // Someone runs `kusion release unlock` and deploys while the first run still works.
    expect(await unlockWorkspace(project.options())).toMatchObject({ command: 'kusion deploy' });
    const second = await deploy(project.options({ concurrency: 12 }));
    expect(second.status).toBe('succeeded');

    const error = await first;
    expect(isKusionError(error) && error.code).toBe('LOCKED');
    expect((error as Error).message).toMatch(
      /taken over by .*|force-released by someone else.*|this run stopped before its next write/,
    );
    expect((error as Error).message).toContain('this run stopped before its next write');

    // History: revision 1 closed as failed by the second run, revision 2 succeeded, and neither
    // was overwritten afterwards by the first run.
    const history = await listReleases(project.options());
    expect(history.map((r) => [r.revision, r.phase])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    const latest = await showRelease(project.options());
    expect(latest.state.resources.map((r) => r.id).sort()).toEqual(
      resources.map((r) => r.id).sort(),
    );
    // Nothing left behind: no lock, and the next run has nothing to do.
    await expect(readFile(lockFile(project.home), 'utf8')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect((await deploy(project.options())).hasChanges).toBe(false);
  });

  it('is refused even when nobody took the lock, so `release unlock` alone stops it', async () => {
    project = await createScratchProject({ test: { latencyMs: 100 } });
    await project.writeResources(Array.from({ length: 8 }, (_, i) => test(`r${i}`)));
    const first = deploy(project.options({ concurrency: 1 })).catch((e: unknown) => e);
    await untilApplied(2);
    await unlockWorkspace(project.options());
    const error = await first;
    expect(isKusionError(error) && error.code).toBe('LOCKED');
    expect((error as Error).message).toContain('force-released');
    // It stopped scheduling: not every resource was applied.
    expect((await project.operations()).length).toBeLessThan(8);
    expect((await listReleases(project.options())).map((r) => r.phase)).toEqual(['applying']);
    // The next plain run closes it and converges.
    expect((await deploy(project.options())).status).toBe('succeeded');
    expect((await listReleases(project.options())).map((r) => r.phase)).toEqual([
      'failed',
      'succeeded',
    ]);
  });
});

describe('a stopped run (Ctrl-C or SIGTERM, defect 3)', () => {
  it('lets operations in flight end succeeded, starts nothing new, marks the release failed and unlocks', async () => {
    project = await createScratchProject({ test: { latencyMs: 500 } });
    await project.writeResources(Array.from({ length: 6 }, (_, i) => test(`r${i}`)));
    const stop = new AbortController();
    const running = deploy(project.options({ signal: stop.signal, concurrency: 2 }));
    await sleep(200);
    stop.abort(new Error('interrupted by Ctrl-C'));
    const result = await running;
    expect(result.status).toBe('failed');
    const byStatus = (status: string) => result.resources.filter((r) => r.status === status);
    expect(byStatus('succeeded')).toHaveLength(2);
    expect(byStatus('cancelled')).toHaveLength(4);
    expect(byStatus('cancelled')[0]?.error).toBe('not started: interrupted by Ctrl-C');
    const release = await showRelease(project.options());
    expect(release.phase).toBe('failed');
    expect(release.error).toBe(
      'interrupted (interrupted by Ctrl-C): 4 resource operation(s) did not succeed',
    );
    expect(release.state.resources.map((r) => r.id)).toEqual(
      byStatus('succeeded').map((r) => r.id),
    );
    expect(await readdir(join(project.home, 'locks', 'scratch'))).toEqual(['dev.generation']);
    expect((await deploy(project.options())).status).toBe('succeeded');
    expect(Object.keys(await project.cloud())).toHaveLength(6);
  });

  it('aborts operations still in flight after the grace period, records them as pending, and the next run reads them back', async () => {
    project = await createScratchProject({ test: { latencyMs: 2000 } });
    await project.writeResources([test('slow-a'), test('slow-b')]);
    const stop = new AbortController();
    const running = deploy(project.options({ signal: stop.signal, gracePeriodMs: 100 }));
    await sleep(300);
    stop.abort(new Error('terminated by SIGTERM'));
    const result = await running;
    expect(result.resources.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    expect(result.resources[0]?.error).toContain('grace period');
    const release = await showRelease(project.options());
    expect(release.phase).toBe('failed');
    expect(release.state.resources.map((r) => [r.id, r.pending?.action])).toEqual([
      ['slow-a', 'Create'],
      ['slow-b', 'Create'],
    ]);
    // The next plain run reads them back and settles them.
    const next = await deploy(project.options());
    expect(next.status).toBe('succeeded');
    const settled = await showRelease(project.options());
    expect(settled.state.resources.every((r) => r.pending === undefined)).toBe(true);
    expect(Object.keys(await project.cloud())).toHaveLength(2);
  });
});

describe('a --timeout that expires (defect 8)', () => {
  it('is named as the cause in every outcome it ends and in the release', async () => {
    project = await createScratchProject({ test: { latencyMs: 1500 } });
    await project.writeResources(Array.from({ length: 3 }, (_, i) => test(`r${i}`)));
    const result = await deploy(project.options({ timeoutMs: 400, concurrency: 1 }));
    expect(result.status).toBe('failed');
    const [first, ...rest] = result.resources;
    expect(first).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^timed out: the --timeout of 0\.4 s expired \(/),
    });
    for (const resource of rest)
      expect(resource.error).toBe('not started: the --timeout of 0.4 s expired');
    expect((await showRelease(project.options())).error).toBe(
      'interrupted (the --timeout of 0.4 s expired): 3 resource operation(s) did not succeed',
    );
  });
});

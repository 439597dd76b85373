/**
 * One run at a time per project and workspace: a second deploy is refused with exit 3 while a
 * slow one runs; a deploy killed with SIGKILL leaves state (and a lock) the next plain run takes
 * over and converges from; a run whose lock is removed stops before its next write; Ctrl-C and
 * SIGTERM let operations in flight finish, record them, and release the lock.
 */
import { hostname, userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  deployOk,
  expectErrorDocument,
  expectExit,
  expectNoStackTrace,
  releases,
} from './support/expectations.ts';
import type { ApplyDocument } from './support/expectations.ts';
import type { RunningKusion } from './support/kusion.ts';
import {
  countsOf,
  createProjectWithWorkspace,
  creationsOf,
  independentResources,
} from './support/project.ts';
import type { ScratchProject } from './support/project.ts';

/** Waits until `condition` holds, checking every `everyMs`. */
async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  everyMs = 10,
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`);
    await sleep(everyMs);
  }
}

/** Until the run has its lock and has started applying (it says so in plain output). */
async function waitUntilApplying(running: RunningKusion): Promise<void> {
  await waitFor('the first deploy to start applying', () => {
    const { stdout, stderr } = running.output();
    return /Applying \d+ change/.test(stdout + stderr) || running.child.exitCode !== null;
  });
  if (running.child.exitCode !== null) {
    const result = await running.done;
    throw new Error(`the first deploy ended before it could be overtaken\n${result.transcript}`);
  }
}

describe('a second run while one is in progress', () => {
  it('is refused with exit 3, naming the owner, host and since when; --json gives the LOCKED envelope', async () => {
    const project = await createProjectWithWorkspace({
      resources: independentResources(3),
      provider: { latencyMs: 6000 },
    });
    const first = project.spawn(['deploy', '--yes']);
    await waitUntilApplying(first);

    const second = await project.run(['deploy', '--yes']);
    expectExit(second, 3);
    expectNoStackTrace(second);
    expect(second.stderr).toMatch(/^Error \[LOCKED\]: /m);
    expect(second.stderr).toContain(`${userInfo().username}@${hostname()}`);
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(second.stderr).toMatch(/since \d{4}-\d\d-\d\dT\d\d:\d\d/);

    const json = await project.run(['deploy', '--yes', '--json']);
    expectExit(json, 3);
    const document = expectErrorDocument(json, 'LOCKED');
    expect(document.error.message).toContain(`pid ${first.pid}`);

    // destroy and rollback take the same lock; preview takes none.
    expectExit(await project.run(['destroy', '--yes']), 3);
    expectExit(await project.run(['preview']), 0);

    // --lock-timeout waits for the first run, then finds nothing left to do.
    const waiting = await project.run(['deploy', '--yes', '--json', '--lock-timeout', '30s']);
    expectExit(waiting, 0);
    expect(waiting.json<ApplyDocument>()).toMatchObject({
      status: 'succeeded',
      summary: { create: 0, unchanged: 3 },
    });

    const firstResult = await first.done;
    expectExit(firstResult, 0);
    expect(creationsOf(await project.operations(), (await project.cloud()).keys())).toEqual(
      new Map(independentResources(3).map((r) => [r.id, 1])),
    );
    expect((await releases(project)).map((r) => [r.revision, r.phase])).toEqual([[1, 'succeeded']]);
  });
});

describe('kill -9 during a deploy', () => {
  const RESOURCES = independentResources(60);

  /** Starts a deploy and SIGKILLs it once it has applied a few resources; answers its pid. */
  async function killMidDeploy(project: ScratchProject): Promise<number> {
    const running = project.spawn(['deploy', '--yes']);
    await waitFor(
      'some operations in operations.log',
      async () => (await project.operations()).length >= 12 || running.child.exitCode !== null,
    );
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal, `the deploy finished before it was killed\n${killed.transcript}`).toBe(
      'SIGKILL',
    );
    const applied = (await project.operations()).length;
    expect(applied, 'the deploy was killed half-way').toBeLessThan(RESOURCES.length);
    // What the killed run left is readable: every cloud object whole, the release recorded.
    for (const object of (await project.cloud()).values())
      expect(object.uid).toEqual(expect.any(String));
    expect((await releases(project)).map((r) => [r.revision, r.phase])).toEqual([[1, 'applying']]);
    return running.pid;
  }

  async function expectConverged(project: ScratchProject): Promise<void> {
    const created = creationsOf(await project.operations(), (await project.cloud()).keys());
    expect([...created.keys()].sort()).toEqual(RESOURCES.map((r) => r.id).sort());
    for (const [id, count] of created) expect(count, `creates of ${id}`).toBe(1);
    expect((await project.cloud()).size).toBe(RESOURCES.length);
    expectExit(await project.run(['preview', '--exit-code']), 0);
    expectExit(await project.run(['drift']), 0);
    expect((await releases(project)).map((r) => [r.revision, r.phase])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
  }

  it('leaves a lock the next plain deploy takes over, with a warning naming the dead run; it converges without duplicates', async () => {
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      provider: { latencyMs: 150 },
    });
    const pid = await killMidDeploy(project);

    const converged = await project.run(['deploy', '--yes']);
    expectExit(converged, 0);
    expect(converged.stderr).toContain(`process ${pid} on this host is no longer running`);
    expect(converged.stderr).toMatch(/Taking over the lock of .*\(pid \d+, "kusion deploy"\)/);
    await expectConverged(project);
  });

  it("release unlock removes the dead run's lock; the next deploy converges without duplicates", async () => {
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      provider: { latencyMs: 150 },
    });
    const pid = await killMidDeploy(project);

    const unlock = await project.run(['release', 'unlock', '--json']);
    expectExit(unlock, 0);
    expect(unlock.json()).toMatchObject({ unlocked: true, holder: { pid } });
    expectExit(await project.run(['release', 'unlock']), 0); // nothing left to unlock

    expect((await deployOk(project)).revision).toBe(2);
    await expectConverged(project);
  });
});

describe('kill -9, harder cases', () => {
  /** Starts `args`, SIGKILLs it once operations.log has grown by `more` lines. */
  async function killAfter(
    project: ScratchProject,
    args: readonly string[],
    more: number,
  ): Promise<void> {
    const before = (await project.operations()).length;
    const running = project.spawn(args);
    await waitFor(
      'more operations',
      async () =>
        (await project.operations()).length >= before + more || running.child.exitCode !== null,
    );
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal, `it finished before it was killed\n${killed.transcript}`).toBe('SIGKILL');
  }

  it('killed three times in a row, a deploy still converges: every resource created exactly once', async () => {
    const resources = independentResources(60);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 100 } });
    await killAfter(project, ['deploy', '--yes'], 8);
    await killAfter(project, ['deploy', '--yes'], 8);
    await killAfter(project, ['deploy', '--yes'], 8);
    const converged = await deployOk(project);
    expect(converged.revision).toBe(4);

    const created = creationsOf(await project.operations(), (await project.cloud()).keys());
    expect(created.size).toBe(resources.length);
    for (const [id, count] of created) expect(count, `creates of ${id}`).toBe(1);
    expectExit(await project.run(['preview', '--exit-code']), 0);
    expect((await releases(project)).map((r) => r.phase)).toEqual([
      'failed',
      'failed',
      'failed',
      'succeeded',
    ]);
  });

  it('killed during destroy, the next plain destroy removes the rest: every resource deleted exactly once', async () => {
    const resources = independentResources(40);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 100 } });
    await deployOk(project);
    await killAfter(project, ['destroy', '--yes'], 8);
    const left = (await project.cloud()).size;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(resources.length);

    const destroyed = await project.run(['destroy', '--yes', '--json']);
    expectExit(destroyed, 0);
    expect(destroyed.json<ApplyDocument>().status).toBe('succeeded');
    expect((await project.cloud()).size).toBe(0);
    const deleted = countsOf(await project.operations(), 'delete');
    // The provider deletes, then logs: the one kill may have cut one delete's line off.
    expect(deleted.size).toBeGreaterThanOrEqual(resources.length - 1);
    for (const [id, count] of deleted) expect(count, `deletes of ${id}`).toBe(1);
    expect((await releases(project)).map((r) => [r.operation, r.phase])).toEqual([
      ['deploy', 'succeeded'],
      ['destroy', 'failed'],
      ['destroy', 'succeeded'],
    ]);
  });
});

describe('Ctrl-C during a deploy', () => {
  it('stops scheduling, marks the release failed and releases the lock; the next deploy converges', async () => {
    const resources = independentResources(40);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 300 } });
    const running = project.spawn(['deploy', '--yes', '--json']);
    await waitFor(
      'some operations in operations.log',
      async () => (await project.operations()).length >= 10 || running.child.exitCode !== null,
    );
    running.child.kill('SIGINT');
    const interrupted = await running.done;
    // 130 = 128 + SIGINT, as shells report a command Ctrl-C stopped.
    expect(interrupted.exitCode, interrupted.transcript).toBe(130);
    expectNoStackTrace(interrupted);
    const document = interrupted.json<ApplyDocument>();
    expect(document.status).toBe('failed');
    expect(document.resources.some((r) => r.status !== 'succeeded')).toBe(true);
    // Whatever it reports as done is in the cloud.
    const cloud = await project.cloud();
    for (const resource of document.resources) {
      if (resource.status === 'succeeded') expect(cloud.has(resource.id), resource.id).toBe(true);
    }
    expect((await releases(project)).map((r) => [r.revision, r.phase])).toEqual([[1, 'failed']]);

    // The lock is gone: no --force-unlock needed.
    const next = await deployOk(project);
    expect(next.revision).toBe(2);
    const created = creationsOf(await project.operations(), (await project.cloud()).keys());
    expect([...created.values()].every((count) => count === 1)).toBe(true);
    expect(created.size).toBe(resources.length);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });
});

describe('release unlock during a live deploy', () => {
  it('stops the run before its next write (exit 3, naming what happened); the next run loses nothing', async () => {
    const resources = independentResources(30);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 600 } });
    const first = project.spawn(['deploy', '--yes', '--concurrency', '2']);
    await waitFor(
      'some operations',
      async () => (await project.operations()).length >= 4 || first.child.exitCode !== null,
    );
    expectExit(await project.run(['release', 'unlock']), 0);
    const second = project.spawn(['deploy', '--yes', '--json']);
    const [firstResult, secondResult] = await Promise.all([first.done, second.done]);

    expectExit(firstResult, 3);
    expectNoStackTrace(firstResult);
    expect(firstResult.stderr).toMatch(
      /^Error \[LOCKED\]: the lock on project .* (force-released|taken over)/m,
    );
    expect(firstResult.stderr).toContain('this run stopped before its next write');
    expectExit(secondResult, 0);
    // Revision 1 closed as failed by the second run, revision 2 succeeded: nothing the first run
    // did afterwards overwrote either.
    expect((await releases(project)).map((r) => [r.revision, r.phase])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expectExit(await project.run(['preview', '--exit-code']), 0);
    expectExit(await project.run(['drift']), 0);
    expect((await project.cloud()).size).toBe(resources.length);
  });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a deploy of 500 ms operations', (signal, exitCode) => {
  it(`lets operations in flight end succeeded, marks the release failed, leaves no lock, exits ${exitCode}`, async () => {
    const resources = independentResources(24);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 500 } });
    const running = project.spawn(['deploy', '--yes', '--json', '--concurrency', '4']);
    await waitFor(
      'some operations',
      async () => (await project.operations()).length >= 4 || running.child.exitCode !== null,
    );
    // Half-way through the second round: four operations in flight.
    await sleep(250);
    running.child.kill(signal);
    const stopped = await running.done;
    expect(stopped.exitCode, stopped.transcript).toBe(exitCode);
    expectNoStackTrace(stopped);
    const document = stopped.json<ApplyDocument>();
    expect(document.status).toBe('failed');
    const statuses = new Set(document.resources.map((r) => r.status));
    // In flight when the signal came: ended succeeded, none aborted, none failed.
    expect([...statuses].sort()).toEqual(['cancelled', 'succeeded']);
    const succeeded = document.resources.filter((r) => r.status === 'succeeded').map((r) => r.id);
    expect(succeeded.length).toBeGreaterThanOrEqual(8);
    expect([...(await project.cloud()).keys()].sort()).toEqual([...succeeded].sort());
    const [release] = await releases(project);
    expect(release).toMatchObject({ revision: 1, phase: 'failed' });
    expect(release?.error).toMatch(
      /^interrupted \((interrupted by Ctrl-C|terminated by SIGTERM)\)/,
    );
    // No lock remains: a plain deploy converges.
    const next = await deployOk(project);
    expect(next.revision).toBe(2);
    const created = creationsOf(await project.operations(), (await project.cloud()).keys());
    expect(created.size).toBe(resources.length);
    expect([...created.values()].every((count) => count === 1)).toBe(true);
  });
});

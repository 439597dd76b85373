/**
 * The engine seen through the CLI: parallel apply at the default concurrency, failure isolation,
 * retries of transient failures, and --target.
 */
import { describe, expect, it } from 'vitest';
import { deployOk, expectExit, previewJson, releases } from './support/expectations.ts';
import type { ApplyDocument } from './support/expectations.ts';
import { countsOf, createProjectWithWorkspace, independentResources } from './support/project.ts';
import type { TestResource } from './support/project.ts';

describe('parallel apply', () => {
  it('deploys 200 independent resources with latencyMs 50 in well under 3 s at the default concurrency', async () => {
    const resources = independentResources(200);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 50 } });
    const started = performance.now();
    const result = await project.run(['deploy', '--yes', '--json']);
    const wallMs = performance.now() - started;
    expectExit(result, 0);
    const document = result.json<ApplyDocument>();
    console.log(
      `[e2e] 200 resources × 50 ms latency: durationMs ${document.durationMs} ms, wall time (process included) ${Math.round(wallMs)} ms`,
    );
    expect(document.status).toBe('succeeded');
    expect(document.summary.create).toBe(200);
    expect(document.resources.every((r) => r.status === 'succeeded')).toBe(true);
    // Serially this would take 10 s; at concurrency 10 it takes at least 1 s.
    expect(document.durationMs).toBeGreaterThanOrEqual(1000);
    expect(document.durationMs).toBeLessThan(3000);
    expect((await project.cloud()).size).toBe(200);
  });
});

describe('failures', () => {
  /** x ← y ← z (y depends on x, z references y), and an independent w. */
  const RESOURCES: readonly TestResource[] = [
    { id: 'test:x', attributes: { role: 'fails' } },
    { id: 'test:y', dependsOn: ['test:x'], attributes: { role: 'depends on x' } },
    { id: 'test:z', attributes: { y: '$kusion_path.test:y.uid' } },
    { id: 'test:w', attributes: { role: 'independent' } },
    { id: 'test:v', attributes: { w: '$kusion_path.test:w.uid' } },
  ];

  it('failIds: the failing resource fails, its dependents are skipped, independent ones succeed; exit 1', async () => {
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      provider: { failIds: ['test:x'] },
    });
    const result = await project.run(['deploy', '--yes', '--json']);
    expectExit(result, 1);
    const document = result.json<ApplyDocument>();
    expect(document.status).toBe('failed');
    const statusOf = new Map(document.resources.map((r) => [r.id, r.status]));
    expect(Object.fromEntries(statusOf)).toEqual({
      'test:x': 'failed',
      'test:y': 'skipped',
      'test:z': 'skipped',
      'test:w': 'succeeded',
      'test:v': 'succeeded',
    });
    expect(document.resources.find((r) => r.id === 'test:x')?.error).toBeTruthy();
    expect([...(await project.cloud()).keys()].sort()).toEqual(['test:v', 'test:w']);
    expect((await releases(project)).map((r) => r.phase)).toEqual(['failed']);

    // Plain output says what failed, on exit 1.
    const plain = await project.run(['deploy', '--yes']);
    expectExit(plain, 1);
    expect(plain.stdout + plain.stderr).toContain('test:x');

    // Once the fault is gone, the next deploy creates only what is missing.
    await project.createWorkspace('fixed', {});
    const fixed = await deployOk(project, ['-W', 'fixed']);
    expect(fixed.summary).toMatchObject({ create: 3, unchanged: 2 });
    expect(countsOf(await project.operations(), 'create')).toEqual(
      new Map(RESOURCES.map((r) => [r.id, 1])),
    );
  });

  it('transientFailRate 0.5 with seed 1: retries until the deploy succeeds', async () => {
    const resources = independentResources(10);
    const project = await createProjectWithWorkspace({
      resources,
      provider: { transientFailRate: 0.5, seed: 1 },
    });
    const result = await project.run(['deploy', '--yes']);
    expectExit(result, 0);
    // The retries are visible in plain output.
    expect(result.stdout + result.stderr).toMatch(/⟳ .*(retry|again|attempt)/i);
    expect(countsOf(await project.operations(), 'create')).toEqual(
      new Map(resources.map((r) => [r.id, 1])),
    );
    expect((await releases(project)).map((r) => r.phase)).toEqual(['succeeded']);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });
});

describe('--target', () => {
  /** a ← b ← d, c alone. */
  const RESOURCES: readonly TestResource[] = [
    { id: 'test:a', attributes: { n: 1 } },
    { id: 'test:b', attributes: { a: '$kusion_path.test:a.uid' } },
    { id: 'test:c', attributes: { n: 3 } },
    { id: 'test:d', dependsOn: ['test:b'], attributes: { n: 4 } },
  ];

  it('deploys only the target and what it depends on', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const plan = await previewJson(project, ['--target', 'test:b']);
    expect(plan.changes.map((c) => c.id).sort()).toEqual(['test:a', 'test:b']);

    const document = await deployOk(project, ['--target', 'test:b']);
    expect(document.resources.map((r) => r.id).sort()).toEqual(['test:a', 'test:b']);
    expect([...(await project.cloud()).keys()].sort()).toEqual(['test:a', 'test:b']);

    // The rest follows on a full deploy; nothing is created twice.
    expect((await deployOk(project)).summary).toMatchObject({ create: 2, unchanged: 2 });
    expect(countsOf(await project.operations(), 'create')).toEqual(
      new Map(RESOURCES.map((r) => [r.id, 1])),
    );
  });

  it('accepts several targets', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const document = await deployOk(project, ['--target', 'test:a', '--target', 'test:c']);
    expect(document.resources.map((r) => r.id).sort()).toEqual(['test:a', 'test:c']);
  });

  it('refuses an unknown target with a clear error', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['deploy', '--yes', '--target', 'test:nope']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/^Error \[[A-Z_]+\]: .*test:nope/m);
    expect(await project.snapshotCloud()).toEqual({});
  });
});

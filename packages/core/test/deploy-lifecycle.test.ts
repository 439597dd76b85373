import { isKusionError } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deploy,
  destroy,
  detectDrift,
  listReleases,
  preview,
  rollback,
  showRelease,
} from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

describe('deploy, preview, drift, rollback and destroy', () => {
  it('creates in dependency order, resolves references, and then previews unchanged', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('app', { image: 'web:1', database: '$kusion_path.db.uid' }),
      test('db', { engine: 'postgres' }),
    ]);
    const planned = await preview(project.options());
    expect(planned.changes.map((c) => [c.id, c.action])).toEqual([
      ['db', 'Create'],
      ['app', 'Create'],
    ]);

    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
    expect(result.revision).toBe(1);
    expect(result.summary).toMatchObject({ create: 2 });
    const cloud = await project.cloud();
    expect(cloud['app.json']?.database).toBe(cloud['db.json']?.uid);
    expect((await project.operations()).map((o) => o.id)).toEqual(['db', 'app']);

    const again = await preview(project.options());
    expect(again.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 2 });
    const noop = await deploy(project.options());
    expect(noop.hasChanges).toBe(false);
    expect((await listReleases(project.options())).length).toBe(1);
  });

  it('plans Update for a changed spec, drift for a changed cloud, Delete for a removed resource', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a', { size: 1 }), test('b', { size: 1 })]);
    await deploy(project.options());

    await project.writeResources([test('a', { size: 2 })]);
    const plan = await preview(project.options());
    expect(plan.changes.map((c) => [c.id, c.action, c.reason])).toEqual([
      ['a', 'Update', 'spec changed'],
      ['b', 'Delete', 'removed from spec'],
    ]);
    expect(plan.changes[0]?.diff).toEqual([{ path: 'size', kind: 'change', before: 1, after: 2 }]);
    await deploy(project.options());
    expect(Object.keys(await project.cloud())).toEqual(['a.json']);

    const { writeFile } = await import('node:fs/promises');
    const cloud = await project.cloud();
    await writeFile(
      `${project.dir}/.cloud-test/a.json`,
      JSON.stringify({ ...cloud['a.json'], size: 99 }),
    );
    const drift = await detectDrift(project.options());
    expect(drift.drifted.map((d) => [d.id, d.diff])).toEqual([
      ['a', [{ path: 'size', kind: 'change', before: 2, after: 99 }]],
    ]);
    const converge = await preview(project.options());
    expect(converge.changes[0]?.reason).toBe('live object changed outside Kusion (drift)');
  });

  it('rolls back to an earlier revision as a new release, and destroys dependents first', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('base', { v: 1 }),
      test('mid', { ref: '$kusion_path.base.uid' }),
      test('top', {}, { dependsOn: ['mid'] }),
    ]);
    await deploy(project.options());
    await project.writeResources([
      test('base', { v: 2 }),
      test('mid', { ref: '$kusion_path.base.uid' }),
      test('top', {}, { dependsOn: ['mid'] }),
    ]);
    await deploy(project.options());

    const rolled = await rollback({ ...project.options(), revision: 1 });
    expect(rolled.revision).toBe(3);
    expect((await project.cloud())['base.json']?.v).toBe(1);
    const release = await showRelease(project.options());
    expect(release).toMatchObject({
      revision: 3,
      operation: 'rollback',
      rollbackOf: 1,
      phase: 'succeeded',
    });

    const before = (await project.operations()).length;
    const destroyed = await destroy(project.options());
    expect(destroyed.summary.delete).toBe(3);
    expect((await project.operations()).slice(before).map((o) => `${o.op}:${o.id}`)).toEqual([
      'delete:top',
      'delete:mid',
      'delete:base',
    ]);
    expect(await project.cloud()).toEqual({});
    expect((await showRelease(project.options())).state.resources).toEqual([]);
  });

  it('isolates failures: dependents are skipped, independent resources succeed, state keeps what succeeded', async () => {
    project = await createScratchProject({ test: { failIds: ['bad'] } });
    await project.writeResources([
      test('bad'),
      test('child', { p: '$kusion_path.bad.uid' }),
      test('free'),
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('failed');
    expect(result.resources.map((r) => [r.id, r.status])).toEqual([
      ['bad', 'failed'],
      ['free', 'succeeded'],
      ['child', 'skipped'],
    ]);
    expect(result.resources.find((r) => r.id === 'child')?.error).toBe('dependency "bad" failed');
    const release = await showRelease(project.options());
    expect(release.phase).toBe('failed');
    expect(release.state.resources.map((r) => r.id)).toEqual(['free']);
  });

  it('retries transient failures with backoff until they pass', async () => {
    project = await createScratchProject({ test: { transientFailRate: 0.5, seed: 7 } });
    await project.writeResources(Array.from({ length: 20 }, (_, i) => test(`r${i}`)));
    const result = await deploy(project.options({ maxRetries: 10 }));
    expect(result.status).toBe('succeeded');
    expect(project.io.messagesWithCode('RESOURCE_RETRY').length).toBeGreaterThan(0);
  });

  it('plans Replace for an immutable change and deletes before it creates', async () => {
    project = await createScratchProject();
    const db = (engine: string) =>
      test('db', { engine }, { extensions: { immutablePaths: ['engine'] } });
    await project.writeResources([db('postgres')]);
    await deploy(project.options());
    const uid = (await project.cloud())['db.json']?.uid;
    await project.writeResources([db('mysql')]);
    const plan = await preview(project.options());
    expect(plan.changes[0]?.action).toBe('Replace');
    await deploy(project.options());
    expect((await project.operations()).map((o) => o.op)).toEqual(['create', 'delete', 'create']);
    expect((await project.cloud())['db.json']?.uid).not.toBe(uid);
  });

  it('adopts what exists in the cloud but not in state', async () => {
    project = await createScratchProject();
    await project.writeResources([test('x', { a: 1 })]);
    await deploy(project.options());
    const { rm } = await import('node:fs/promises');
    await rm(`${project.home}/releases`, { recursive: true });
    const plan = await preview(project.options());
    expect(plan.changes[0]).toMatchObject({ action: 'UnChanged', isAdoption: true });
    const result = await deploy(project.options());
    expect(result.hasChanges).toBe(true);
    expect((await showRelease(project.options())).state.resources.map((r) => r.id)).toEqual(['x']);
  });

  it('deploys only the targets and what they depend on', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('dep'),
      test('target', {}, { dependsOn: ['dep'] }),
      test('other'),
    ]);
    const result = await deploy(project.options({ targets: ['target'] }));
    expect(result.resources.map((r) => r.id).sort()).toEqual(['dep', 'target']);
    const unknown = await deploy(project.options({ targets: ['nope'] })).catch((e: unknown) => e);
    expect(isKusionError(unknown) && unknown.code).toBe('INVALID_ARGUMENT');
  });

  it('keeps secrets out of outputs and stores only their hash', async () => {
    project = await createScratchProject();
    const secret = test(
      'secret',
      { data: { password: 'hunter2-very-secret' }, name: 'db' },
      { extensions: { sensitivePaths: ['data'] } },
    );
    await project.writeResources([secret]);
    const plan = await preview(project.options());
    expect(JSON.stringify(plan)).not.toContain('hunter2-very-secret');
    await deploy(project.options());
    const release = await showRelease(project.options());
    expect(JSON.stringify(release)).not.toContain('hunter2-very-secret');
    const { readFile, readdir } = await import('node:fs/promises');
    const releaseDir = `${project.home}/releases/scratch/dev/dev`;
    for (const file of await readdir(releaseDir)) {
      expect(await readFile(`${releaseDir}/${file}`, 'utf8')).not.toContain('hunter2-very-secret');
    }
    expect(JSON.stringify(project.io.messages)).not.toContain('hunter2-very-secret');
    expect((await preview(project.options())).summary.unchanged).toBe(1);

    // A rollback opens the sealed values and re-applies them.
    await project.writeResources([
      test(
        'secret',
        { data: { password: 'changed' }, name: 'db' },
        { extensions: { sensitivePaths: ['data'] } },
      ),
    ]);
    await deploy(project.options());
    await rollback({ ...project.options(), revision: 1 });
    expect((await project.cloud())['secret.json']?.data).toEqual({
      password: 'hunter2-very-secret',
    });
  });

  it('keeps a secret secret where a reference passes it on', async () => {
    project = await createScratchProject();
    const db = (password: string) =>
      test('db', { password }, { extensions: { sensitivePaths: ['password'] } });
    const app = test('app', { databasePassword: '$kusion_path.db.password' });
    await project.writeResources([db('first-secret-value'), app]);
    await deploy(project.options());
    await project.writeResources([db('second-secret-value'), app]);
    const plan = await preview(project.options());
    expect(plan.changes.find((c) => c.id === 'app')?.diff).toEqual([
      { path: 'databasePassword', kind: 'change', before: '(sensitive)', after: '(sensitive)' },
    ]);
    const result = await deploy(project.options());
    const everything = JSON.stringify([
      plan,
      result,
      await showRelease(project.options()),
      project.io.messages,
    ]);
    expect(everything).not.toContain('first-secret-value');
    expect(everything).not.toContain('second-secret-value');
    expect((await project.cloud())['app.json']?.databasePassword).toBe('second-secret-value');
  });

  it('stops scheduling on abort, marks the release failed, and releases the lock', async () => {
    project = await createScratchProject({ test: { latencyMs: 40 } });
    await project.writeResources(Array.from({ length: 30 }, (_, i) => test(`r${i}`)));
    const controller = new AbortController();
    const running = deploy(project.options({ signal: controller.signal, concurrency: 2 }));
    setTimeout(() => {
      controller.abort();
    }, 100);
    const result = await running;
    expect(result.status).toBe('failed');
    const statuses = new Set(result.resources.map((r) => r.status));
    expect(statuses.has('cancelled')).toBe(true);
    expect((await showRelease(project.options())).phase).toBe('failed');
    const next = await deploy(project.options());
    expect(next.status).toBe('succeeded');
    expect(Object.keys(await project.cloud())).toHaveLength(30);
  });
});

/** Kinds of change beyond create and update: replace, delete from the spec, concurrency, timeout. */
import { describe, expect, it } from 'vitest';
import { deployOk, expectExit, previewJson, releases, UUID } from './support/expectations.ts';
import type { ApplyDocument } from './support/expectations.ts';
import { createProjectWithWorkspace, independentResources, positions } from './support/project.ts';
import type { TestResource } from './support/project.ts';

const DATABASE: TestResource = {
  id: 'test:db',
  attributes: { engine: 'postgres', size: 'small' },
  extensions: { immutablePaths: ['engine'] },
};
const APP: TestResource = {
  id: 'test:app',
  attributes: { databaseUid: '$kusion_path.test:db.uid' },
};

describe('replace', () => {
  it('an immutable attribute plans a Replace; the new object gets a new uid, and references follow it', async () => {
    const project = await createProjectWithWorkspace({ resources: [DATABASE, APP] });
    await deployOk(project);
    const before = await project.readResource('test:db');

    await project.writeResources([
      { ...DATABASE, attributes: { engine: 'mysql', size: 'small' } },
      APP,
    ]);
    const plan = await previewJson(project);
    const change = plan.changes.find((c) => c.id === 'test:db');
    expect(change).toMatchObject({ action: 'Replace', reason: expect.stringContaining('engine') });

    const document = await deployOk(project);
    expect(document.summary).toMatchObject({ replace: 1 });
    const after = await project.readResource('test:db');
    expect(after).toMatchObject({ engine: 'mysql', uid: expect.stringMatching(UUID) });
    expect(after.uid).not.toBe(before.uid);
    expect((await project.readResource('test:app')).databaseUid).toBe(after.uid);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('a mutable attribute is updated in place, keeping the uid', async () => {
    const project = await createProjectWithWorkspace({ resources: [DATABASE, APP] });
    await deployOk(project);
    const before = await project.readResource('test:db');
    await project.writeResources([
      { ...DATABASE, attributes: { engine: 'postgres', size: 'large' } },
      APP,
    ]);
    expect((await deployOk(project)).summary).toMatchObject({
      update: 1,
      replace: 0,
      unchanged: 1,
    });
    expect(await project.readResource('test:db')).toMatchObject({ size: 'large', uid: before.uid });
  });
});

describe('resources removed from the spec', () => {
  it('are planned as Delete and deleted by the next deploy, dependents first', async () => {
    const resources: TestResource[] = [
      { id: 'test:keep', attributes: { n: 1 } },
      { id: 'test:base', attributes: { n: 2 } },
      { id: 'test:child', dependsOn: ['test:base'], attributes: { n: 3 } },
    ];
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 20 } });
    await deployOk(project);
    await project.writeResources([resources[0]!]);

    const plan = await previewJson(project);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 2, unchanged: 1 });
    expect(
      plan.changes
        .filter((c) => c.action === 'Delete')
        .map((c) => c.id)
        .sort(),
    ).toEqual(['test:base', 'test:child']);

    expect((await deployOk(project)).summary).toMatchObject({ delete: 2, unchanged: 1 });
    expect([...(await project.cloud()).keys()]).toEqual(['test:keep']);
    const deleted = positions(await project.operations(), 'delete');
    expect(deleted.get('test:child')).toBeLessThan(deleted.get('test:base')!);
  });
});

describe('--concurrency and --timeout', () => {
  it('--concurrency 1 applies one resource at a time', async () => {
    const project = await createProjectWithWorkspace({
      resources: independentResources(8),
      provider: { latencyMs: 100 },
    });
    const document = await deployOk(project, ['--concurrency', '1']);
    expect(document.durationMs).toBeGreaterThanOrEqual(800);
  });

  it('--concurrency 0 is refused as an invalid argument, saying what it expects', async () => {
    const project = await createProjectWithWorkspace({ resources: independentResources(2) });
    const result = await project.run(['deploy', '--yes', '--concurrency', '0']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(
      /^Error \[INVALID_ARGUMENT\]: invalid value "0" for --concurrency: expected a whole number ≥ 1$/m,
    );
  });

  it('--timeout stops a deploy that takes too long: failed, exit 1, lock released, the next deploy converges', async () => {
    const resources = independentResources(30);
    const project = await createProjectWithWorkspace({ resources, provider: { latencyMs: 400 } });
    const result = await project.run(['deploy', '--yes', '--json', '--timeout', '1s']);
    expectExit(result, 1);
    const document = result.json<ApplyDocument>();
    expect(document.status).toBe('failed');
    expect(document.durationMs).toBeLessThan(5000);
    expect(document.resources.some((r) => r.status !== 'succeeded')).toBe(true);
    expect((await releases(project)).map((r) => r.phase)).toEqual(['failed']);

    const next = await deployOk(project);
    expect(next.revision).toBe(2);
    expect((await project.cloud()).size).toBe(30);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });
});

/**
 * The life of a stack with the testkit provider, one independent scratch project per test:
 * workspace create → preview → deploy → preview again → change → drift → releases → rollback →
 * destroy.
 */
import { describe, expect, it } from 'vitest';
import { deployOk, expectExit, previewJson, releases, UUID } from './support/expectations.ts';
import type { ApplyDocument } from './support/expectations.ts';
import { createProject, createProjectWithWorkspace, positions } from './support/project.ts';
import type { TestResource } from './support/project.ts';

/** A small app: two independent backing services, an app referencing both, a gateway after it. */
const APP: readonly TestResource[] = [
  { id: 'test:database', attributes: { engine: 'postgres', version: '16', size: 'small' } },
  { id: 'test:cache', attributes: { engine: 'redis', memoryMb: 256 } },
  {
    id: 'test:app',
    attributes: {
      image: 'web:1',
      replicas: 2,
      env: {
        DATABASE_ID: '$kusion_path.test:database.uid',
        CACHE_ID: '$kusion_path.test:cache.uid',
      },
    },
  },
  { id: 'test:gateway', dependsOn: ['test:app'], attributes: { host: 'app.example.test' } },
];
const APP_IDS = APP.map((r) => r.id);

function withReplicas(replicas: number): TestResource[] {
  return APP.map((r) =>
    r.id === 'test:app' ? { ...r, attributes: { ...r.attributes, replicas } } : r,
  );
}

describe('workspace create, preview, deploy', () => {
  it('creates the workspace from a file and makes it current', async () => {
    const project = await createProject({ resources: APP });
    const file = await project.writeWorkspaceFile('dev');
    const result = await project.run(['workspace', 'create', 'dev', '-f', file, '--json']);
    expectExit(result, 0);
    expect(result.json()).toMatchObject({
      workspace: { name: 'dev', providers: { test: { package: '@kusion/testkit' } } },
      current: true,
    });
  });

  it('preview --json plans a Create for every resource, in the documented shape', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    const plan = await previewJson(project);
    expect(Object.keys(plan).sort()).toEqual([
      'changes',
      'project',
      'stack',
      'status',
      'summary',
      'warnings',
      'workspace',
    ]);
    expect(plan).toMatchObject({ status: 'succeeded', warnings: [] });
    expect(plan).toMatchObject({ project: 'e2e-app', stack: 'dev', workspace: 'dev' });
    expect(plan.summary).toEqual({ create: 4, update: 0, replace: 0, delete: 0, unchanged: 0 });
    expect(plan.changes.map((c) => c.id).sort()).toEqual([...APP_IDS].sort());
    for (const change of plan.changes) {
      expect(Object.keys(change).sort()).toEqual(['action', 'diff', 'id', 'reason', 'type']);
      expect(change).toMatchObject({ type: 'Test', action: 'Create', reason: expect.any(String) });
    }
    // A preview changes nothing.
    expect(await project.snapshotCloud()).toEqual({});
    expect(await releases(project)).toEqual([]);
  });

  it('deploy --yes --json succeeds as revision 1, in the documented shape', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    const started = performance.now();
    const result = await project.run(['deploy', '--yes', '--json']);
    expectExit(result, 0);
    const document = result.json<ApplyDocument>();
    expect(Object.keys(document).sort()).toEqual([
      'durationMs',
      'resources',
      'revision',
      'status',
      'summary',
      'warnings',
    ]);
    expect(document).toMatchObject({
      status: 'succeeded',
      revision: 1,
      summary: { create: 4, update: 0, replace: 0, delete: 0, unchanged: 0 },
    });
    expect(document.durationMs).toBeGreaterThanOrEqual(0);
    expect(document.durationMs).toBeLessThanOrEqual(performance.now() - started);
    expect(document.resources.map((r) => r.id).sort()).toEqual([...APP_IDS].sort());
    for (const resource of document.resources)
      expect(resource).toEqual({ id: resource.id, action: 'Create', status: 'succeeded' });

    const cloud = await project.cloud();
    expect([...cloud.keys()].sort()).toEqual([...APP_IDS].sort());
    expect(cloud.get('test:database')).toEqual({
      engine: 'postgres',
      version: '16',
      size: 'small',
      uid: expect.stringMatching(UUID),
    });
    expect((await project.operations()).map((o) => o.op)).toEqual([
      'create',
      'create',
      'create',
      'create',
    ]);
  });

  it('a second preview --exit-code exits 0: everything is up to date', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    const result = await project.run(['preview', '--exit-code']);
    expectExit(result, 0);
    const plan = await previewJson(project);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 4 });
    for (const change of plan.changes) expect(change.action).toBe('UnChanged');
  });

  it('a changed resource previews as Update, preview --exit-code exits 2, and deploy updates it in place', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    const uidBefore = (await project.readResource('test:app')).uid;
    await project.writeResources(withReplicas(3));

    const plan = await previewJson(project);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0, unchanged: 3 });
    const change = plan.changes.find((c) => c.id === 'test:app');
    expect(change?.action).toBe('Update');
    expect(JSON.stringify(change?.diff)).toContain('replicas');

    const exitCode = await project.run(['preview', '--exit-code']);
    expectExit(exitCode, 2);
    expect(exitCode.stdout).toContain('Update');

    const deployed = await deployOk(project);
    expect(deployed).toMatchObject({ revision: 2, summary: { update: 1, unchanged: 3 } });
    expect(await project.readResource('test:app')).toMatchObject({ replicas: 3, uid: uidBefore });
    expectExit(await project.run(['preview', '--exit-code']), 0);
    expect((await project.operations()).filter((o) => o.op === 'update').map((o) => o.id)).toEqual([
      'test:app',
    ]);
  });

  it("resolves $kusion_path.<id>.uid to the referenced resource's uid, also for ids with dots", async () => {
    const resources: TestResource[] = [
      { id: 'test:db.v2', attributes: { engine: 'postgres' } },
      { id: 'test:queue', attributes: { fifo: true } },
      {
        id: 'test:app.v2',
        attributes: {
          databaseUid: '$kusion_path.test:db.v2.uid',
          nested: { queue: '$kusion_path.test:queue.uid', list: ['$kusion_path.test:db.v2.uid'] },
        },
      },
    ];
    const project = await createProjectWithWorkspace({ resources });
    await deployOk(project);
    const database = await project.readResource('test:db.v2');
    const queue = await project.readResource('test:queue');
    const app = await project.readResource('test:app.v2');
    expect(database.uid).toMatch(UUID);
    expect(queue.uid).toMatch(UUID);
    expect(app).toEqual({
      databaseUid: database.uid,
      nested: { queue: queue.uid, list: [database.uid] },
      uid: expect.stringMatching(UUID),
    });
    expect(app.uid).not.toBe(database.uid);
    // The reference is also an edge: the referenced resources were created first.
    const created = positions(await project.operations(), 'create');
    expect(created.get('test:db.v2')).toBeLessThan(created.get('test:app.v2')!);
    expect(created.get('test:queue')).toBeLessThan(created.get('test:app.v2')!);
    // The stored spec keeps the reference; nothing drifts.
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });
});

describe('drift', () => {
  it('finds a resource edited in the cloud: drift exits 2 naming it; --json lists it with its diff', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    expectExit(await project.run(['drift']), 0);

    await project.editResource('test:cache', (object) => {
      object.memoryMb = 512;
    });
    const drift = await project.run(['drift']);
    expectExit(drift, 2);
    expect(drift.stdout).toContain('test:cache');
    expect(drift.stdout).not.toContain('test:database');

    const json = await project.run(['drift', '--json']);
    expectExit(json, 2);
    const report = json.json<{ drifted: { id: string; diff: unknown }[]; inSync: number }>();
    expect(Object.keys(report).sort()).toEqual([
      'drifted',
      'inSync',
      'pending',
      'status',
      'warnings',
    ]);
    expect(report.inSync).toBe(3);
    expect(report.drifted).toHaveLength(1);
    expect(report.drifted[0]).toEqual({ id: 'test:cache', diff: expect.anything() });
    expect(JSON.stringify(report.drifted[0]?.diff)).toContain('memoryMb');

    // Three-way: the next deploy puts the spec's value back.
    expectExit(await project.run(['preview', '--exit-code']), 2);
    await deployOk(project);
    expect(await project.readResource('test:cache')).toMatchObject({ memoryMb: 256 });
    expectExit(await project.run(['drift']), 0);
  });

  it('finds a resource deleted outside kusion', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    await project.deleteResource('test:gateway');
    const result = await project.run(['drift', '--json']);
    expectExit(result, 2);
    const report = result.json<{ drifted: { id: string }[]; inSync: number }>();
    expect(report.drifted.map((d) => d.id)).toEqual(['test:gateway']);
    expect(report.inSync).toBe(3);
  });
});

describe('releases and rollback', () => {
  it("release list --json shows one release per deploy; rollback --revision 1 restores revision 1's spec", async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    const revisionOne = await project.run(['release', 'show', '--revision', '1', '--json']);
    expectExit(revisionOne, 0);
    const specOne = revisionOne.json<{ spec: unknown }>().spec;

    await project.writeResources([
      ...withReplicas(5),
      { id: 'test:worker', attributes: { image: 'worker:1' } },
    ]);
    expect(await deployOk(project)).toMatchObject({
      revision: 2,
      summary: { create: 1, update: 1 },
    });
    expect(await project.readResource('test:app')).toMatchObject({ replicas: 5 });

    const list = await releases(project);
    expect(list.map((r) => [r.revision, r.operation, r.phase, r.resourceCount])).toEqual([
      [1, 'deploy', 'succeeded', 4],
      [2, 'deploy', 'succeeded', 5],
    ]);

    const rollback = await project.run([
      'release',
      'rollback',
      '--revision',
      '1',
      '--yes',
      '--json',
    ]);
    expectExit(rollback, 0);
    expect(rollback.json<ApplyDocument>()).toMatchObject({
      status: 'succeeded',
      revision: 3,
      summary: { update: 1, delete: 1, unchanged: 3 },
    });

    // The cloud holds revision 1's values again.
    const cloud = await project.cloud();
    expect([...cloud.keys()].sort()).toEqual([...APP_IDS].sort());
    expect(cloud.get('test:app')).toMatchObject({ replicas: 2 });

    const shown = await project.run(['release', 'show', '--json']);
    expectExit(shown, 0);
    const latest = shown.json<{
      revision: number;
      operation: string;
      phase: string;
      spec: unknown;
    }>();
    expect(latest).toMatchObject({ revision: 3, operation: 'rollback', phase: 'succeeded' });
    expect(latest.spec).toEqual(specOne);
    expect((await releases(project)).map((r) => r.operation)).toEqual([
      'deploy',
      'deploy',
      'rollback',
    ]);
  });

  it('release show of an unknown revision is a clear error', async () => {
    const project = await createProjectWithWorkspace({ resources: APP });
    await deployOk(project);
    const result = await project.run(['release', 'show', '--revision', '9']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/Error \[[A-Z_]+\]: .*9/);
    expect(result.stderr).not.toMatch(/^\s{4}at /m);
  });
});

describe('destroy', () => {
  /**
   * A diamond (base ← left, right ← top) and a chain (c1 ← c2 ← c3 ← c4), with edges from both
   * dependsOn and $kusion_path references.
   */
  const GRAPH: readonly TestResource[] = [
    {
      id: 'test:top',
      dependsOn: ['test:left'],
      attributes: { right: '$kusion_path.test:right.uid' },
    },
    { id: 'test:left', dependsOn: ['test:base'], attributes: { side: 'left' } },
    { id: 'test:right', attributes: { base: '$kusion_path.test:base.uid' } },
    { id: 'test:base', attributes: { tier: 'base' } },
    { id: 'test:c4', attributes: { previous: '$kusion_path.test:c3.uid' } },
    { id: 'test:c3', dependsOn: ['test:c2'], attributes: { n: 3 } },
    { id: 'test:c2', attributes: { previous: '$kusion_path.test:c1.uid' } },
    { id: 'test:c1', attributes: { n: 1 } },
  ];
  /** [dependency, dependent] */
  const EDGES = [
    ['test:base', 'test:left'],
    ['test:base', 'test:right'],
    ['test:left', 'test:top'],
    ['test:right', 'test:top'],
    ['test:c1', 'test:c2'],
    ['test:c2', 'test:c3'],
    ['test:c3', 'test:c4'],
  ] as const;

  it('destroy --yes removes everything, dependents before their dependencies', async () => {
    // Some latency, so parallel branches really overlap.
    const project = await createProjectWithWorkspace({
      resources: GRAPH,
      provider: { latencyMs: 30 },
    });
    await deployOk(project);
    const created = positions(await project.operations(), 'create');
    for (const [dependency, dependent] of EDGES) {
      expect(created.get(dependency), `${dependency} created before ${dependent}`).toBeLessThan(
        created.get(dependent)!,
      );
    }

    const result = await project.run(['destroy', '--yes', '--json']);
    expectExit(result, 0);
    const document = result.json<ApplyDocument>();
    expect(document).toMatchObject({ status: 'succeeded', revision: 2, summary: { delete: 8 } });
    expect((await project.cloud()).size).toBe(0);

    const deleted = positions(await project.operations(), 'delete');
    expect([...deleted.keys()].sort()).toEqual(GRAPH.map((r) => r.id).sort());
    for (const [dependency, dependent] of EDGES) {
      expect(deleted.get(dependent), `${dependent} deleted before ${dependency}`).toBeLessThan(
        deleted.get(dependency)!,
      );
    }
    expect((await releases(project)).map((r) => [r.operation, r.phase])).toEqual([
      ['deploy', 'succeeded'],
      ['destroy', 'succeeded'],
    ]);
    // Nothing left to destroy; the stack would be created again.
    expect((await previewJson(project)).summary.create).toBe(8);
  });
});

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin, isKusionError } from '@kusion/sdk';
import type { WaveGate } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, listReleases, listRollouts, rollout, showRollout } from '../src/index.js';
import { createRolloutProject, test } from './rollout-project.js';
import type { RolloutProject } from './rollout-project.js';

let project: RolloutProject;
afterEach(async () => {
  await project.cleanup();
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKusionError(error)) throw new Error(`expected a Kusion error, got ${String(error)}`);
  return { code: String(error.code), message: error.message };
}

/** [first, last] operation times of a workspace's cloud, in ms. */
async function span(workspace: string): Promise<[number, number]> {
  const times = (await project.operations(workspace)).map((op) => Date.parse(op.ts));
  return [Math.min(...times), Math.max(...times)];
}

const V1 = [test('test:db', { size: 'small' }), test('test:app', { image: 'web:1' })];
const V2 = [
  test('test:db', { size: 'small' }),
  test('test:app', { image: 'web:2' }),
  test('test:cache', { engine: 'redis' }),
];

describe('rollout', () => {
  it('deploys dev, then staging and prod in a parallel wave, each an ordinary release stamped with the rollout id', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, staging: { latencyMs: 150 }, prod: { latencyMs: 150 } },
    });
    // A chain: in each workspace the app is applied 150 ms after the db, so the two workspaces of
    // a parallel wave overlap by about 150 ms, and would not overlap at all one after the other.
    await project.writeStack('app', [
      test('test:db', { size: 'small' }),
      { ...test('test:app', { image: 'web:1' }), dependsOn: ['test:db'] },
    ]);
    const result = await rollout(project.options({ workspaces: 'dev,[staging,prod]' }));

    expect(result.rollout.status).toBe('succeeded');
    expect(result.rollout.waves.map((w) => [w.name, w.workspaces, w.status])).toEqual([
      ['wave-1', ['dev'], 'succeeded'],
      ['wave-2', ['staging', 'prod'], 'succeeded'],
    ]);
    for (const workspace of ['dev', 'staging', 'prod'])
      expect(Object.keys(await project.cloud(workspace)).sort()).toEqual(['test:app', 'test:db']);
    // dev finished before the second wave started; staging and prod overlapped.
    const [dev, staging, prod] = await Promise.all(['dev', 'staging', 'prod'].map(span));
    expect(dev![1]).toBeLessThanOrEqual(Math.min(staging![0], prod![0]));
    expect(staging![0]).toBeLessThan(prod![1]);
    expect(prod![0]).toBeLessThan(staging![1]);

    const releases = await listReleases({ ...project.options(), workspace: 'prod' });
    expect(releases.map((r) => [r.revision, r.operation, r.phase, r.rolloutId])).toEqual([
      [1, 'deploy', 'succeeded', result.rollout.id],
    ]);
    const shown = await showRollout({ ...project.options(), id: result.rollout.id });
    expect(shown.releases.map((r) => [r.workspace, r.stack, r.revision, r.rolloutId])).toEqual([
      ['dev', 'app', 1, result.rollout.id],
      ['staging', 'app', 1, result.rollout.id],
      ['prod', 'app', 1, result.rollout.id],
    ]);
    expect((await listRollouts(project.options())).rollouts.map((r) => r.id)).toEqual([
      result.rollout.id,
    ]);
    // Planned once for every target, before the first apply.
    const codes = project.io.messages.map((m) => m.code);
    expect(codes.indexOf('ROLLOUT_PLAN_READY')).toBeLessThan(codes.indexOf('APPLY_START'));
    expect(project.io.messagesWithCode('ROLLOUT_PLAN_READY')).toHaveLength(1);
  });

  it('asks once for the whole rollout, and changes nothing when the answer is no', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, prod: {} },
      answers: { CONFIRM_ROLLOUT: false },
    });
    await project.writeStack('app', V1);
    const error = await errorOf(rollout(project.options({ workspaces: 'dev,prod', yes: false })));
    expect(error.code).toBe('CANCELLED');
    expect(project.io.requests.map((r) => r.request.code)).toEqual(['CONFIRM_ROLLOUT']);
    expect(await project.cloud('dev')).toEqual({});

    project.io.answer('CONFIRM_ROLLOUT', true);
    const result = await rollout(project.options({ workspaces: 'dev,prod', yes: false }));
    expect(result.rollout.status).toBe('succeeded');
    expect(project.io.requests.filter((r) => r.request.code !== 'CONFIRM_ROLLOUT')).toEqual([]);
  });

  it('stops at a failure in staging before prod, and --rollback-on-failure returns what it changed to the previous revision', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, staging: { failIds: ['test:cache'] }, prod: {} },
    });
    await project.writeStack('app', V1);
    expect(
      (await rollout(project.options({ workspaces: 'dev,staging,prod' }))).rollout.status,
    ).toBe('succeeded');
    const before = {
      dev: await project.cloud('dev'),
      staging: await project.cloud('staging'),
      prod: await project.cloud('prod'),
    };

    await project.writeStack('app', V2);
    const result = await rollout(
      project.options({ workspaces: 'dev,staging,prod', rollbackOnFailure: true }),
    );
    expect(result.rollout.status).toBe('failed');
    expect(result.rollout.error).toContain('test:cache');
    const targets = result.rollout.waves.map((w) => w.targets[0]);
    expect(targets.map((t) => [t?.workspace, t?.status, t?.revision, t?.rollbackRevision])).toEqual(
      [
        ['dev', 'rolled-back', 2, 3],
        ['staging', 'rolled-back', 2, 3],
        ['prod', 'skipped', undefined, undefined],
      ],
    );
    // The test clouds hold exactly what revision 1 applied (uids kept by the updates back).
    expect(await project.cloud('dev')).toEqual(before.dev);
    expect(await project.cloud('staging')).toEqual(before.staging);
    expect(await project.cloud('prod')).toEqual(before.prod);
    expect(await project.operations('prod')).toHaveLength(2); // the first rollout's creates only
    const dev = await listReleases({ ...project.options(), workspace: 'dev' });
    expect(dev.map((r) => [r.revision, r.operation, r.rollbackOf, r.rolloutId])).toEqual([
      [1, 'deploy', undefined, expect.any(String)],
      [2, 'deploy', undefined, result.rollout.id],
      [3, 'rollback', 1, result.rollout.id],
    ]);
  });

  it('without --rollback-on-failure leaves finished workspaces deployed and reports them', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, staging: { failIds: ['test:cache'] }, prod: {} },
    });
    await project.writeStack('app', V2);
    const result = await rollout(project.options({ workspaces: 'dev,staging,prod' }));
    expect(result.rollout.waves.map((w) => w.targets[0]?.status)).toEqual([
      'succeeded',
      'failed',
      'skipped',
    ]);
    expect(Object.keys(await project.cloud('dev')).sort()).toEqual([
      'test:app',
      'test:cache',
      'test:db',
    ]);
    expect(await project.cloud('prod')).toEqual({});
  });

  it('destroys what it created when a workspace had no previous revision', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, prod: { failIds: ['test:cache'] } },
    });
    await project.writeStack('app', V2);
    const result = await rollout(
      project.options({ workspaces: 'dev,prod', rollbackOnFailure: true }),
    );
    expect(result.rollout.waves.map((w) => w.targets[0]?.status)).toEqual([
      'rolled-back',
      'rolled-back',
    ]);
    expect(await project.cloud('dev')).toEqual({});
    expect(await project.cloud('prod')).toEqual({});
  });

  it('lets a beforeWave plugin veto the next wave, naming the plugin', async () => {
    const gates: WaveGate[] = [];
    const errorRate = definePlugin({
      name: 'error-rate',
      apply(host) {
        host.hooks.beforeWave.tapPromise('error-rate', (gate) => {
          gates.push(gate);
          return Promise.resolve(
            gate.workspaces.includes('prod')
              ? { reason: 'error rate 7% > 5% in staging' }
              : undefined,
          );
        });
      },
    });
    project = await createRolloutProject({
      workspaces: { dev: {}, staging: {}, prod: {} },
      plugins: [errorRate],
    });
    await project.writeStack('app', V1);
    const result = await rollout(project.options({ workspaces: 'dev,staging,prod' }));
    expect(result.rollout.status).toBe('failed');
    expect(result.rollout.error).toBe(
      'wave 3 (wave-3) stopped by plugin error-rate: error rate 7% > 5% in staging',
    );
    expect(result.rollout.waves[2]).toMatchObject({ status: 'skipped' });
    expect(gates.map((g) => [g.wave, g.workspaces, g.previous.length])).toEqual([
      [2, ['staging'], 1],
      [3, ['prod'], 2],
    ]);
    expect(gates[1]?.previous[1]?.targets[0]).toMatchObject({ status: 'succeeded', revision: 1 });
    expect(await project.cloud('prod')).toEqual({});
  });

  it('pauses before a wave for a person; --yes answers; a no stops the rollout', async () => {
    project = await createRolloutProject({
      workspaces: { dev: {}, prod: {} },
      answers: { CONFIRM_ROLLOUT: true, CONFIRM_WAVE: false },
    });
    await project.writeStack('app', V1);
    const stopped = await rollout(
      project.options({ workspaces: 'dev,prod', pause: true, yes: false }),
    );
    expect(project.io.requests.map((r) => r.request.code)).toEqual([
      'CONFIRM_ROLLOUT',
      'CONFIRM_WAVE',
    ]);
    expect(stopped.rollout.status).toBe('failed');
    expect(stopped.rollout.waves[1]?.gateError).toContain('not approved');
    expect(await project.cloud('prod')).toEqual({});

    project.io.clear();
    const approved = await rollout(project.options({ workspaces: 'dev,prod', pause: true }));
    expect(approved.rollout.status).toBe('succeeded');
    expect(project.io.requests).toEqual([]);
    expect(project.io.messagesWithCode('ROLLOUT_GATE').map((m) => m.data.gate)).toContain('pause');
  });

  it('refuses to apply a plan that changed since the confirmation', async () => {
    // Between the waves, something deletes prod's db behind Kusion's back: prod would now create it.
    const saboteur = definePlugin({
      name: 'saboteur',
      apply(host) {
        host.hooks.beforeWave.tapPromise('saboteur', async () => {
          await rm(join(project.dir, '.cloud-prod', 'test%3Adb.json'));
          return undefined;
        });
      },
    });
    project = await createRolloutProject({
      workspaces: { dev: {}, prod: {} },
      plugins: [saboteur],
    });
    await project.writeStack('app', V1);
    await deploy({ ...project.options(), workspace: 'prod' });
    await project.writeStack('app', [
      test('test:db', { size: 'small' }),
      test('test:app', { image: 'web:2' }),
    ]);
    const result = await rollout(project.options({ workspaces: 'dev,prod' }));
    const prod = result.rollout.waves[1]?.targets[0];
    expect(prod?.status).toBe('failed');
    expect(prod?.error).toContain('test:db is now Create (confirmed: UnChanged)');
    expect((await project.cloud('prod'))['test:app']?.image).toBe('web:1');
  });

  it('plans nothing and records nothing when no workspace has changes', async () => {
    project = await createRolloutProject({ workspaces: { dev: {}, prod: {} } });
    await project.writeStack('app', V1);
    await rollout(project.options({ workspaces: 'dev,prod' }));
    const again = await rollout(project.options({ workspaces: 'dev,prod' }));
    expect(again.hasChanges).toBe(false);
    expect(again.isRecorded).toBe(false);
    expect((await listRollouts(project.options())).rollouts).toHaveLength(1);
  });

  it('names every workspace that does not exist, before planning', async () => {
    project = await createRolloutProject({ workspaces: { dev: {} } });
    await project.writeStack('app', V1);
    const error = await errorOf(rollout(project.options({ workspaces: 'dev,[qa,uat]' })));
    expect(error).toEqual({
      code: 'WORKSPACE_NOT_FOUND',
      message: 'workspaces "qa", "uat" do not exist',
    });
  });

  it('reports policy violations of every workspace together, before anything is applied', async () => {
    const noBigApps = definePlugin({
      name: 'limits',
      apply(host) {
        host.hooks.validatePlan.tapPromise('limits', (plan, report) => {
          if (plan.workspace !== 'dev')
            report.report({ resourceId: 'test:app', message: 'too big', rule: 'max-size' });
          return Promise.resolve();
        });
      },
    });
    project = await createRolloutProject({
      workspaces: { dev: {}, eu: {}, us: {} },
      plugins: [noBigApps],
    });
    await project.writeStack('app', V1);
    const error = await errorOf(rollout(project.options({ workspaces: 'dev,[eu,us]' })));
    expect(error.code).toBe('POLICY_FAILED');
    expect(error.message).toContain('[eu/app] test:app: too big (rule max-size)');
    expect(error.message).toContain('[us/app] test:app: too big (rule max-size)');
    expect(await project.cloud('dev')).toEqual({});
  });
});

describe('rollout --all-stacks', () => {
  it('deploys the stacks of each workspace in dependency order, resolving $kusion_path.<stack>/<id>.<attr> from the other stack', async () => {
    project = await createRolloutProject({ workspaces: { dev: {}, prod: {} } });
    await project.writeStack('app', [
      test('test:web', { network: '$kusion_path.net/test:vpc.uid', image: 'web:1' }),
    ]);
    await project.writeStack('net', [test('test:vpc', { cidr: '10.0.0.0/16' })]);
    const result = await rollout(
      project.options({ workspaces: 'dev,prod', allStacks: true, workdir: project.dir }),
    );
    expect(result.rollout.stacks).toEqual(['net', 'app']);
    expect(result.rollout.status).toBe('succeeded');
    // While planning, the vpc's uid was not known yet.
    const appPlan = result.plan.waves[0]?.targets.find((t) => t.stack === 'app')?.plan;
    expect(appPlan?.changes[0]?.action).toBe('Create');
    for (const workspace of ['dev', 'prod']) {
      const cloud = await project.cloud(workspace);
      expect(cloud['test:web']?.network).toBe(cloud['test:vpc']?.uid);
      expect(cloud['test:web']?.network).toMatch(/^[0-9a-f-]{36}$/);
    }
    const ops = await project.operations('dev');
    expect(ops.map((op) => op.id)).toEqual(['test:vpc', 'test:web']);
  });

  it('resolves a reference to another stack on a plain deploy, and says what to do when that stack was never deployed', async () => {
    project = await createRolloutProject({ workspaces: { dev: {} } });
    await project.writeStack('app', [
      test('test:web', { network: '$kusion_path.net/test:vpc.uid' }),
    ]);
    await project.writeStack('net', [test('test:vpc', { cidr: '10.0.0.0/16' })]);
    const error = await errorOf(deploy({ ...project.options(), workspace: 'dev' }));
    expect(error).toEqual({
      code: 'STACK_REFERENCE_UNRESOLVED',
      message:
        '"test:web" references $kusion_path.net/test:vpc.uid: stack "net" has no release in workspace "dev" yet',
    });
    await deploy({ ...project.options(), workspace: 'dev', workdir: join(project.dir, 'net') });
    await deploy({ ...project.options(), workspace: 'dev' });
    const cloud = await project.cloud('dev');
    expect(cloud['test:web']?.network).toBe(cloud['test:vpc']?.uid);
  });

  it('refuses stacks that reference each other in a cycle', async () => {
    project = await createRolloutProject({ workspaces: { dev: {} } });
    await project.writeStack('app', [
      test('test:web', { network: '$kusion_path.net/test:vpc.uid' }),
    ]);
    await project.writeStack('net', [test('test:vpc', { owner: '$kusion_path.app/test:web.uid' })]);
    const error = await errorOf(
      rollout(project.options({ workspaces: 'dev', allStacks: true, workdir: project.dir })),
    );
    expect(error.code).toBe('GRAPH_CYCLE');
    expect(error.message).toContain('"app" → "net" → "app"');
  });
});

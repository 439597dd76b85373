import { afterEach, describe, expect, it } from 'vitest';
import { createKusion } from '../src/index.js';
import type { IoMessage } from '@kusion/sdk';
import { createRolloutProject, test } from './rollout-project.js';
import type { RolloutProject } from './rollout-project.js';

let project: RolloutProject;
afterEach(async () => {
  await project.cleanup();
});

describe('createKusion', () => {
  it('previews, deploys, drifts, rolls out and destroys in-process, with progress events', async () => {
    project = await createRolloutProject({ workspaces: { dev: {}, prod: {} } });
    await project.writeStack('app', [test('test:db'), test('test:app', { image: 'web:1' })]);
    const { io, kusionHome, plugins, workdir } = project.options();
    const kusion = createKusion({ io, kusionHome, plugins });
    const done: string[] = [];
    const all: IoMessage[] = [];
    const stop = kusion.on('RESOURCE_DONE', (message) =>
      done.push(`${message.data.action} ${message.data.id}`),
    );
    kusion.on('*', (message) => all.push(message));

    const plan = await kusion.preview({ workdir, workspace: 'dev' });
    expect(plan.summary.create).toBe(2);
    const deployed = await kusion.deploy({ workdir, workspace: 'dev', yes: true });
    expect(deployed.status).toBe('succeeded');
    expect(done.sort()).toEqual(['Create test:app', 'Create test:db']);
    expect((await kusion.drift({ workdir, workspace: 'dev' })).drifted).toEqual([]);

    stop();
    const rolled = await kusion.rollout({ workdir, workspaces: 'dev,prod', yes: true });
    expect(rolled.rollout.waves.map((w) => w.targets[0]?.status)).toEqual([
      'unchanged',
      'succeeded',
    ]);
    expect(done).toHaveLength(2); // unsubscribed
    expect(
      all.some((m) => m.code === 'ROLLOUT_TARGET_DONE' && m.target?.workspace === 'prod'),
    ).toBe(true);
    // The same messages reached the IoHost too.
    expect(project.io.messagesWithCode('ROLLOUT_PLAN_READY')).toHaveLength(1);

    const destroyed = await kusion.destroy({ workdir, workspace: 'prod', yes: true });
    expect(destroyed.summary.delete).toBe(2);
    expect(await project.cloud('prod')).toEqual({});
  });

  it('stops a deploy when its signal is aborted: in-flight operations finish, the rest do not start, the release is failed', async () => {
    project = await createRolloutProject({ workspaces: { dev: { latencyMs: 150 } } });
    await project.writeStack('app', [
      test('test:a'),
      { ...test('test:b'), dependsOn: ['test:a'] },
      { ...test('test:c'), dependsOn: ['test:b'] },
    ]);
    const { io, kusionHome, plugins, workdir } = project.options();
    const kusion = createKusion({ io, kusionHome, plugins });
    const controller = new AbortController();
    kusion.on('RESOURCE_START', () => {
      controller.abort(new Error('stopped by the script'));
    });
    const result = await kusion.deploy({
      workdir,
      workspace: 'dev',
      yes: true,
      signal: controller.signal,
    });
    expect(result.status).toBe('failed');
    expect(result.resources.map((r) => [r.id, r.status])).toEqual([
      ['test:a', 'succeeded'],
      ['test:b', 'cancelled'],
      ['test:c', 'cancelled'],
    ]);
    expect(Object.keys(await project.cloud('dev'))).toEqual(['test:a']);
    // The lock was released: the next deploy converges.
    const next = await kusion.deploy({ workdir, workspace: 'dev', yes: true });
    expect(next.status).toBe('succeeded');
  });
});

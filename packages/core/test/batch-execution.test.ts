import type { Resource } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, destroy, preview, showRelease } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

const other = (id: string, attributes: Record<string, unknown> = {}): Resource => ({
  id,
  type: 'Other',
  attributes,
});

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

describe('batch providers', () => {
  it('plan and apply their resources together, with references inside the batch left to the provider', async () => {
    project = await createScratchProject({ test: { batch: true } });
    await project.writeResources([
      test('queue'),
      test('dlq'),
      test('policy', { queue: '$kusion_path.queue.uid' }),
    ]);
    const plan = await preview(project.options());
    expect(plan.changes.map((c) => [c.id, c.action])).toEqual([
      ['queue', 'Create'],
      ['dlq', 'Create'],
      ['policy', 'Create'],
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
    const cloud = await project.cloud();
    expect(cloud['policy.json']?.queue).toBe(cloud['queue.json']?.uid);
    expect((await preview(project.options())).summary.unchanged).toBe(3);
  });

  it('are split into ordered waves when they form a cycle with another provider', async () => {
    project = await createScratchProject({ test: { batch: true }, other: {} });
    // queue (batch) → deployment (Other) → record (batch): the record needs the deployment's uid.
    await project.writeResources([
      test('queue'),
      other('deployment', { queueUid: '$kusion_path.queue.uid' }),
      test('record', { target: '$kusion_path.deployment.uid' }),
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
    const batch = await project.cloud('test');
    const separate = await project.cloud('other');
    expect(separate['deployment.json']?.queueUid).toBe(batch['queue.json']?.uid);
    expect(batch['record.json']?.target).toBe(separate['deployment.json']?.uid);
    const state = (await showRelease(project.options())).state.resources.map((r) => r.id);
    expect(state.sort()).toEqual(['deployment', 'queue', 'record']);
  });

  it('delete removed resources in the last wave and destroy everything in one call', async () => {
    project = await createScratchProject({ test: { batch: true }, other: {} });
    await project.writeResources([
      test('a'),
      test('b'),
      other('user', { a: '$kusion_path.a.uid' }),
    ]);
    await deploy(project.options());
    await project.writeResources([test('a'), other('user', { a: '$kusion_path.a.uid' })]);
    const plan = await preview(project.options());
    expect(plan.changes.find((c) => c.id === 'b')?.action).toBe('Delete');
    await deploy(project.options());
    expect(Object.keys(await project.cloud('test'))).toEqual(['a.json']);

    const result = await destroy(project.options());
    expect(result.status).toBe('succeeded');
    expect(await project.cloud('test')).toEqual({});
    expect(await project.cloud('other')).toEqual({});
    const ops = (await project.operations('other')).map((o) => `${o.op}:${o.id}`);
    expect(ops.at(-1)).toBe('delete:user');
  });

  it('report a failed member, and skip what depends on it', async () => {
    project = await createScratchProject({ test: { batch: true, failIds: ['broken'] }, other: {} });
    await project.writeResources([
      test('ok'),
      test('broken'),
      other('consumer', { x: '$kusion_path.broken.uid' }),
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('failed');
    const byId = Object.fromEntries(result.resources.map((r) => [r.id, r.status]));
    expect(byId).toMatchObject({ broken: 'failed', consumer: 'skipped' });
  });
});

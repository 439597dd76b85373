import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kusionPath } from '@kusion/sdk';
import type { Attributes, BatchProvider, Resource } from '@kusion/sdk';
import {
  APPLY_OPTIONS,
  batchTestProvider,
  createTempProject,
  requestBase,
  testResource,
} from '../../test/temp-project.js';
import type { TempProject } from '../../test/temp-project.js';
import { UNKNOWN_AFTER_APPLY } from './prediction.js';

let project: TempProject;
beforeEach(async () => {
  project = await createTempProject();
});
afterEach(() => project.remove());

function batchWith(settings: Attributes = {}): Promise<BatchProvider> {
  return batchTestProvider({ dir: '.cloud', ...settings }, project.context);
}

function applyAll(
  batch: BatchProvider,
  resources: readonly Resource[],
  deletions: readonly string[] = [],
) {
  return batch.apply({
    ...requestBase(project.context),
    resources,
    priors: [],
    referencedAttributes: new Map(),
    deletions,
    wave: 1,
    waves: 1,
    options: APPLY_OPTIONS,
    report: () => undefined,
  });
}

const queue = testResource('test:queue', { name: 'jobs' });
const worker = testResource('test:worker', {
  queueUid: kusionPath('test:queue', 'uid'),
  replicas: 1,
});

describe('batch operations', () => {
  it('apply the whole set in one call, resolving references inside the batch', async () => {
    const batch = await batchWith({ latencyMs: 50 });
    const started = performance.now();
    const { outcomes } = await applyAll(batch, [worker, queue]);
    expect(performance.now() - started).toBeLessThan(150);
    const queueOutcome = outcomes.get('test:queue');
    const workerOutcome = outcomes.get('test:worker');
    expect(queueOutcome?.status).toBe('succeeded');
    const queueUid =
      queueOutcome?.status === 'succeeded' ? queueOutcome.attributes['uid'] : undefined;
    expect(workerOutcome).toEqual({
      status: 'succeeded',
      attributes: { queueUid, replicas: 1, uid: expect.any(String) },
    });
    const log = await readFile(join(project.dir, '.cloud', 'operations.log'), 'utf8');
    expect(
      log
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).toEqual(['test:queue', 'test:worker']);
  });

  it('plan each resource without mutating: create, unchanged, update, replace, delete', async () => {
    const batch = await batchWith();
    const plan = (resources: readonly Resource[], priors: readonly Resource[] = []) =>
      batch.plan({
        ...requestBase(project.context),
        resources,
        priors,
        unknownPaths: new Map(),
        referencedAttributes: new Map(),
        options: APPLY_OPTIONS,
      });

    const first = await plan([queue, worker]);
    expect(first.changes.get('test:queue')).toMatchObject({ action: 'Create' });
    expect(first.changes.get('test:worker')?.diff).toContainEqual({
      path: 'queueUid',
      kind: 'add',
      after: UNKNOWN_AFTER_APPLY,
    });
    await expect(readFile(join(project.dir, '.cloud', 'operations.log'))).rejects.toThrow();

    await applyAll(batch, [queue, worker]);
    const old = testResource('test:old', { a: 1 });
    const vm = testResource('test:vm', { zone: 'a' }, { immutablePaths: ['zone'] });
    await applyAll(batch, [old, vm]);
    const scaled = { ...worker, attributes: { ...worker.attributes, replicas: 3 } };
    const moved = testResource('test:vm', { zone: 'b' }, { immutablePaths: ['zone'] });
    const { changes } = await plan([queue, scaled, moved], [queue, worker, old, vm]);
    expect(changes.get('test:queue')).toEqual({ action: 'UnChanged', reason: 'up to date' });
    expect(changes.get('test:worker')).toEqual({
      action: 'Update',
      reason: 'attributes changed',
      diff: [{ path: 'replicas', kind: 'change', before: 1, after: 3 }],
    });
    expect(changes.get('test:vm')).toMatchObject({
      action: 'Replace',
      reason: 'immutable attribute "zone" changed',
    });
    expect(changes.get('test:old')).toEqual({ action: 'Delete', reason: 'removed from spec' });
  });

  it('reports sensitive paths with its plan and leaves masking to the engine, as a native engine would', async () => {
    const batch = await batchWith();
    const secret = testResource(
      'test:secret',
      { password: 'hunter2' },
      { sensitivePaths: ['password'] },
    );
    const { changes } = await batch.plan({
      ...requestBase(project.context),
      resources: [secret],
      priors: [],
      unknownPaths: new Map(),
      referencedAttributes: new Map(),
      options: APPLY_OPTIONS,
    });
    expect(changes.get('test:secret')).toMatchObject({
      action: 'Create',
      sensitivePaths: ['password'],
      diff: expect.arrayContaining([{ path: 'password', kind: 'add', after: 'hunter2' }]),
    });
  });

  it('fail only the failing resource and its dependents, and delete what is no longer wanted', async () => {
    const batch = await batchWith({ failIds: ['test:queue'] });
    const other = testResource('test:other', { a: 1 });
    await applyAll(await batchWith({ dir: '.cloud' }), [testResource('test:gone', {})]);
    const { outcomes } = await applyAll(batch, [worker, queue, other], ['test:gone', 'test:never']);
    expect(outcomes.get('test:queue')).toEqual({
      status: 'failed',
      error: expect.stringContaining('failIds'),
    });
    expect(outcomes.get('test:worker')).toEqual({
      status: 'failed',
      error: 'dependency "test:queue" failed',
    });
    expect(outcomes.get('test:other')?.status).toBe('succeeded');
    expect(outcomes.get('test:gone')).toEqual({ status: 'deleted' });
    expect(outcomes.get('test:never')).toEqual({ status: 'deleted' });
  });

  it('fail the members of a reference cycle', async () => {
    const a = testResource('test:a', { b: kusionPath('test:b', 'uid') });
    const b = testResource('test:b', { a: kusionPath('test:a', 'uid') });
    const { outcomes } = await applyAll(await batchWith(), [a, b]);
    expect(outcomes.get('test:a')).toEqual({
      status: 'failed',
      error: 'its references form a cycle in the batch',
    });
  });

  it('delete everything, idempotently', async () => {
    const batch = await batchWith();
    await applyAll(batch, [queue]);
    const deleteAll = () =>
      batch.delete({
        ...requestBase(project.context),
        priors: [queue, worker],
        options: APPLY_OPTIONS,
        report: () => undefined,
      });
    const { outcomes } = await deleteAll();
    expect([...outcomes.values()]).toEqual([{ status: 'deleted' }, { status: 'deleted' }]);
    expect((await deleteAll()).outcomes.size).toBe(2);
  });

  it('let an abort land during a large batch, reporting the rest as not reached', async () => {
    const batch = await batchWith();
    const controller = new AbortController();
    const resources = Array.from({ length: 250 }, (_, index) => testResource(`test:r${index}`, {}));
    setImmediate(() => {
      controller.abort();
    });
    const { outcomes } = await batch.apply({
      ...requestBase(project.context, controller.signal),
      resources,
      priors: [],
      referencedAttributes: new Map(),
      deletions: [],
      wave: 1,
      waves: 1,
      options: APPLY_OPTIONS,
      report: () => undefined,
    });
    const statuses = resources.map(({ id }) => outcomes.get(id)?.status);
    expect(statuses[0]).toBe('succeeded');
    expect(statuses.at(-1)).toBe('failed');
    expect(outcomes.get('test:r249')).toEqual({
      status: 'failed',
      error: 'cancelled before it was reached',
    });
  });

  it('stop at an aborted signal', async () => {
    const batch = await batchWith({ latencyMs: 5_000 });
    const request = { ...requestBase(project.context, AbortSignal.timeout(20)) };
    await expect(
      batch.apply({
        ...request,
        resources: [queue],
        priors: [],
        referencedAttributes: new Map(),
        deletions: [],
        wave: 1,
        waves: 1,
        options: APPLY_OPTIONS,
        report: () => undefined,
      }),
    ).rejects.toThrow(/batch apply cancelled/);
  });
});

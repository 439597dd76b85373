import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, isKusionError, isRetryable, KusionError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import { resourceTestProvider, createTempProject, testResource } from '../../test/temp-project.js';
import type { TempProject } from '../../test/temp-project.js';
import { createProviderDriver } from '../conformance/provider-driver.js';
import type { ProviderDriver } from '../conformance/provider-driver.js';
import { createRecordingIoHost } from '../recording-io-host.js';

let project: TempProject;
beforeEach(async () => {
  project = await createTempProject();
});
afterEach(() => project.remove());

async function driverWith(settings: Attributes, reports: string[] = []): Promise<ProviderDriver> {
  const provider = await resourceTestProvider({ dir: '.cloud', ...settings }, project.context);
  return createProviderDriver(provider, project.context, createRecordingIoHost(), reports);
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Applies each id once, in order, and answers which failed and whether retryably. */
async function failures(driver: ProviderDriver, ids: readonly string[]): Promise<string[]> {
  const outcome: string[] = [];
  for (const id of ids) {
    const error = await errorOf(driver.apply(testResource(id, {}), 'Create'));
    outcome.push(error === undefined ? 'ok' : isRetryable(error) ? 'transient' : 'failed');
  }
  return outcome;
}

describe('fault injection', () => {
  it('failIds always fail apply and delete, not retryable, naming the id', async () => {
    const driver = await driverWith({ failIds: ['doomed'] });
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await errorOf(driver.apply(testResource('doomed', {}), 'Create'));
      expect(isKusionError(error) && error.code).toBe('PROVIDER_FAILED');
      expect(isRetryable(error)).toBe(false);
      expect((error as Error).message).toContain('"doomed" (listed in failIds)');
    }
    await expect(driver.delete(testResource('doomed', {}))).rejects.toThrow(/delete of "doomed"/);
    await expect(driver.read(testResource('doomed', {}))).resolves.toBeUndefined();
    await expect(driver.apply(testResource('fine', {}), 'Create')).resolves.toBeDefined();
  });

  it('transientFailRate with a seed fails the same calls every run, retryably, and a retry can succeed', async () => {
    const ids = Array.from({ length: 40 }, (_, index) => `r${index}`);
    const first = await failures(await driverWith({ transientFailRate: 0.5, seed: 42 }), ids);
    const second = await failures(
      await driverWith({ dir: '.cloud-2', transientFailRate: 0.5, seed: 42 }),
      ids,
    );
    expect(second).toEqual(first);
    expect(first).toContain('transient');
    expect(first).toContain('ok');
    expect(first).not.toContain('failed');
    expect(
      await failures(await driverWith({ dir: '.cloud-3', transientFailRate: 0.5, seed: 7 }), ids),
    ).not.toEqual(first);

    const driver = await driverWith({ dir: '.cloud-4', transientFailRate: 0.5, seed: 42 });
    const id = ids[first.indexOf('transient')]!;
    let attempts = 1;
    while ((await failures(driver, [id]))[0] === 'transient') attempts++;
    expect(attempts).toBeGreaterThan(1);
  });

  it('the seeded outcome of a call does not depend on what else runs in parallel', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => `r${index}`);
    const sequential = await failures(
      await driverWith({ transientFailRate: 0.3, failRate: 0.2, seed: 1 }),
      ids,
    );
    const parallelDriver = await driverWith({
      dir: '.cloud-2',
      transientFailRate: 0.3,
      failRate: 0.2,
      seed: 1,
    });
    const parallel = await Promise.all(
      ids.map((id) => failures(parallelDriver, [id]).then(([outcome]) => outcome)),
    );
    expect(parallel).toEqual(sequential);
    expect(sequential).toContain('failed');
  });

  it('a failed apply leaves nothing behind', async () => {
    const driver = await driverWith({ failRate: 1 });
    await expect(driver.apply(testResource('x', {}), 'Create')).rejects.toThrow(/failRate 1/);
    expect(await readdir(join(project.dir, '.cloud'))).toEqual([]);
  });
});

describe('latency', () => {
  it('delays apply and delete, not reads, and reports the wait', async () => {
    const reports: string[] = [];
    const driver = await driverWith({ latencyMs: 60 }, reports);
    const resource = testResource('slow', {});
    let started = performance.now();
    await driver.apply(resource, 'Create');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    started = performance.now();
    await driver.read(resource);
    await driver.plan(resource, undefined);
    expect(performance.now() - started).toBeLessThan(40);
    started = performance.now();
    await driver.delete(resource);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(reports).toEqual([
      'applying (simulated latency 60ms)',
      'deleting (simulated latency 60ms)',
    ]);
  });

  it('delays reads only when readLatencyMs is set', async () => {
    const driver = await driverWith({ readLatencyMs: 40 });
    const started = performance.now();
    await driver.read(testResource('a', {}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('stops promptly when the signal aborts, writing nothing', async () => {
    const driver = await driverWith({ latencyMs: 5_000 });
    const controller = new AbortController();
    const started = performance.now();
    const applying = errorOf(
      driver.apply(testResource('a', {}), 'Create', { signal: controller.signal }),
    );
    setTimeout(() => {
      controller.abort();
    }, 20);
    const error = await applying;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('test provider: apply of "a" cancelled');
    await expect(access(join(project.dir, '.cloud', 'a.json'))).rejects.toThrow();
  });

  it("rejects with the engine's own coded reason when it gives one", async () => {
    const driver = await driverWith({ latencyMs: 5_000 });
    const reason = new KusionError('TIMEOUT', 'deadline reached');
    const error = await errorOf(
      driver.apply(testResource('a', {}), 'Create', { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
  });
});

describe('watch', () => {
  it('reports not ready until readyAfterMs after apply, then ready', async () => {
    const driver = await driverWith({ readyAfterMs: 80 });
    const { state } = await driver.apply(testResource('a', {}), 'Create');
    const started = performance.now();
    const statuses = await driver.watch(state);
    expect(statuses).toEqual([
      { isReady: false, message: expect.stringMatching(/^ready in \d+ms$/) },
      { isReady: true, message: 'ready' },
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('reports ready at once without readyAfterMs, and failed for a missing object', async () => {
    const driver = await driverWith({});
    const { state } = await driver.apply(testResource('a', {}), 'Create');
    expect(await driver.watch(state)).toEqual([{ isReady: true, message: 'ready' }]);
    expect(await driver.watch(testResource('missing', {}))).toEqual([
      { isReady: false, isFailed: true, message: expect.stringContaining('not found') },
    ]);
  });
});

/**
 * The azure-blob backend through the built CLI, on Azurite (started here, stopped by its pid):
 * of two concurrent deploys on one workspace exactly one runs; the other exits 3 naming the holder.
 * A run whose lease is broken (`kusion release unlock`, or by hand with the storage client) stops
 * before its next write with exit 3, and the next deploy converges.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '@kusion/test-peers';
import type { AzuritePeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, createAzureProject, jsonOf } from './azure-project.ts';
import type { AzureProject, CliResult, Running } from './azure-project.ts';

let azurite: AzuritePeer;
let project: AzureProject;

beforeAll(async () => {
  await assertBuilt();
  azurite = await startAzurite();
  project = await createAzureProject({
    project: 'shop',
    workspace: {
      providers: { test: { package: '@kusion/testkit', dir: 'cloud', latencyMs: 1500 } },
    },
    config: {
      backends: {
        current: 'team',
        team: {
          type: 'azure-blob',
          configs: { container: 'kusion-state', prefix: 'shop/', createContainer: true },
        },
      },
    },
    env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
  });
  await project.writeResources([
    { id: 'test:db', type: 'Test', attributes: { size: 'small' } },
    { id: 'test:app', type: 'Test', attributes: { db: '$kusion_path.test:db.uid' } },
  ]);
});
afterAll(async () => {
  await project.cleanup();
  await azurite.stop();
});

describe('the azure-blob backend through the CLI', () => {
  it('runs exactly one of two concurrent deploys; the other exits 3 naming the holder', async () => {
    const first = project.start(['deploy', '--yes']);
    const second = project.start(['deploy', '--yes']);
    const results = await Promise.all([first.result, second.result]);
    const codes = results.map((result) => result.code).sort();
    expect(codes, results.map((result) => result.transcript).join('\n')).toEqual([0, 3]);
    const loser = results.find((result) => result.code === 3);
    expect(loser?.stderr).toMatch(/locked by .+@.+ \(pid \d+/);
    const list = await project.run(['release', 'list', '--json']);
    expect(list.code, list.transcript).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({
      releases: [expect.objectContaining({ revision: 1 })],
    });
  });
});

/** A project on its own prefix of the shared container, with `count` independent resources. */
async function projectWithResources(prefix: string, count: number): Promise<AzureProject> {
  const created = await createAzureProject({
    project: 'shop',
    workspace: {
      providers: { test: { package: '@kusion/testkit', dir: 'cloud', latencyMs: 200 } },
    },
    config: {
      backends: {
        current: 'team',
        team: {
          type: 'azure-blob',
          configs: { container: 'kusion-state', prefix, createContainer: true },
        },
      },
    },
    env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
  });
  await created.writeResources(
    Array.from({ length: count }, (_, index) => ({
      id: `test:r${index}`,
      type: 'Test',
      attributes: { index },
    })),
  );
  return created;
}

/** Lines of the simulated cloud's operations log: one per operation that ended. */
async function operationCount(target: AzureProject): Promise<number> {
  const log = join(target.dir, 'cloud', 'operations.log');
  if (!existsSync(log)) return 0;
  return (await readFile(log, 'utf8')).split('\n').filter((line) => line.trim() !== '').length;
}

/** Resolves once `count` operations ended; fails if the run exits first. */
async function untilOperations(target: AzureProject, run: Running, count: number) {
  const giveUpAt = Date.now() + 30_000;
  while (Date.now() < giveUpAt) {
    if ((await operationCount(target)) >= count) return;
    if (run.child.exitCode !== null) throw new Error((await run.result).transcript);
    await sleep(50);
  }
  throw new Error(`fewer than ${count} operations in 30 s`);
}

/** The fenced-out run: exit 3, one coded line saying it lost the lock, no stack trace. */
function expectStoppedByFence(result: CliResult): void {
  expect(result.code, result.transcript).toBe(3);
  expect(result.stderr).toMatch(
    /^Error \[LOCKED\]: the lock on project "shop", workspace "dev" was (force-released|taken over)/m,
  );
  expect(result.stderr).toContain('this run stopped before its next write');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** Release 1 closed as failed by the next run, release 2 succeeded; nothing left to change. */
async function expectConverged(target: AzureProject, count: number): Promise<void> {
  const list = await target.run(['release', 'list', '--json']);
  expect(list.code, list.transcript).toBe(0);
  const { releases } = jsonOf<{ releases: { revision: number; phase: string }[] }>(list);
  expect(releases.map((release) => [release.revision, release.phase])).toEqual([
    [1, 'failed'],
    [2, 'succeeded'],
  ]);
  const preview = await target.run(['preview', '--exit-code']);
  expect(preview.code, preview.transcript).toBe(0);
  const drift = await target.run(['drift']);
  expect(drift.code, drift.transcript).toBe(0);
  const shown = await target.run(['release', 'show', '--json']);
  expect(shown.code, shown.transcript).toBe(0);
  expect(JSON.stringify(jsonOf(shown))).toContain(`test:r${count - 1}`);
}

describe('a run whose blob lease was broken', () => {
  it('release unlock mid-run: the run stops before its next write (exit 3); the next deploy converges', async () => {
    const target = await projectWithResources('unlock/', 30);
    try {
      const first = target.start(['deploy', '--yes', '--concurrency', '2']);
      await untilOperations(target, first, 4);
      const unlock = await target.run(['release', 'unlock', '--json']);
      expect(unlock.code, unlock.transcript).toBe(0);
      expect(jsonOf(unlock)).toMatchObject({ unlocked: true, holder: { pid: first.child.pid } });
      const second = target.start(['deploy', '--yes']);
      const [firstResult, secondResult] = await Promise.all([first.result, second.result]);
      expectStoppedByFence(firstResult);
      expect(secondResult.code, secondResult.transcript).toBe(0);
      await expectConverged(target, 30);
    } finally {
      await target.cleanup();
    }
  });

  it('lease broken with the storage client mid-run: the run stops before its next write (exit 3); a plain deploy converges', async () => {
    const target = await projectWithResources('broken/', 30);
    try {
      const first = target.start(['deploy', '--yes', '--concurrency', '2']);
      await untilOperations(target, first, 4);
      // What `az storage blob lease break` does: the lease id is the lock's, the holder is not told.
      await BlobServiceClient.fromConnectionString(azurite.connectionString)
        .getContainerClient('kusion-state')
        .getBlobClient('broken/locks/shop/dev.json')
        .getBlobLeaseClient()
        .breakLease(0);
      const firstResult = await first.result;
      expectStoppedByFence(firstResult);
      expect(firstResult.stderr).toContain('force-released');
      // Stopped well before the end: no further operation started once the write was refused.
      expect(await operationCount(target)).toBeLessThan(30);
      const next = await target.run(['deploy', '--yes']);
      expect(next.code, next.transcript).toBe(0);
      await expectConverged(target, 30);
    } finally {
      await target.cleanup();
    }
  });
});

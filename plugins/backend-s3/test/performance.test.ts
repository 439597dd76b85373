/**
 * Latency against moto on loopback, for a release of 1,000 resources and its journal. The bounds
 * are loose (shared CI machines); the point is that costs stay O(1) requests per operation.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ResourceState } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import {
  sampleRelease as release,
  sampleScope as scope,
  sampleWriter,
} from '@kusion/testkit/backend-conformance';
import { BUCKET, PREFIX, useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();

const resources: ResourceState[] = Array.from({ length: 1000 }, (_, index) => ({
  id: `apps/v1:Deployment:shop:app-${index}`,
  type: 'Kubernetes',
  attributes: {
    metadata: { name: `app-${index}`, labels: { app: 'shop' } },
    spec: { replicas: 2, image: 'shop:1.2.3' },
  },
}));

async function time(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export interface Timings {
  readonly [operation: string]: number;
}

/** Milliseconds per operation; exported so a benchmark can print them. */
export async function measure(backend = moto.backend()): Promise<Timings> {
  const store = backend.releases;
  const { write } = await sampleWriter(backend);
  const create = await time(() =>
    store.create(release(1, resources, { spec: { resources } }), write),
  );
  const update = await time(() =>
    store.update(release(1, resources, { spec: { resources }, phase: 'succeeded' }), write),
  );
  const get = await time(() => store.get(scope, 1));
  const latest = await time(() => store.latest(scope));
  await store.create(release(2, resources, { spec: { resources } }), write);
  const journal = await store.openJournal(scope, 2, write);
  const sequentialCount = 200;
  const sequential = await time(async () => {
    for (const resource of resources.slice(0, sequentialCount))
      await journal.append({ op: 'put', resource });
  });
  // As the executor does with --concurrency 10: ten workers, each awaiting its own appends.
  const parallel = await time(() =>
    Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        for (let index = worker; index < resources.length; index += 10) {
          await journal.append({ op: 'put', resource: resources[index]! });
        }
      }),
    ),
  );
  await journal.close();
  const groups = await moto.client.send(
    new ListObjectsV2Command({
      Bucket: BUCKET,
      Prefix: `${PREFIX}releases/shop/dev/main/2.journal/`,
    }),
  );
  const journalGroups = groups.KeyCount ?? 0;
  const replay = await time(() => store.get(scope, 2));
  const fold = await time(() =>
    store.update(release(2, resources, { spec: { resources }, phase: 'succeeded' }), write),
  );
  const list = await time(() => store.list(scope));
  return {
    create,
    update,
    get,
    latest,
    list,
    appendSequentialEach: sequential / sequentialCount,
    appendParallelEach: parallel / resources.length,
    getWithJournal: replay,
    updateFoldingJournal: fold,
    journalGroups,
  };
}

describe('s3 backend latency against moto', () => {
  it('records a 1,000-resource release and its journal in bounded time', async () => {
    const timings = await measure();
    expect(timings).toEqual({
      create: expect.toSatisfy((ms: number) => ms < 2000),
      update: expect.toSatisfy((ms: number) => ms < 2000),
      get: expect.toSatisfy((ms: number) => ms < 2000),
      latest: expect.toSatisfy((ms: number) => ms < 2000),
      list: expect.toSatisfy((ms: number) => ms < 2000),
      appendSequentialEach: expect.toSatisfy((ms: number) => ms < 100),
      appendParallelEach: expect.toSatisfy((ms: number) => ms < 50),
      getWithJournal: expect.toSatisfy((ms: number) => ms < 5000),
      updateFoldingJournal: expect.toSatisfy((ms: number) => ms < 5000),
      // 200 awaited one by one, 1,000 from ten workers grouped.
      journalGroups: expect.toSatisfy((count: number) => count > 200 && count < 1200),
    });
  });
});

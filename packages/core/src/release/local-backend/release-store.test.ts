/**
 * What the local release store adds to the backend conformance suite (see
 * local-backend.conformance.test.ts): its files, damaged files, and speed.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeJournalLine } from '@kusion/backend-kit';
import type { ReleaseStore, ReleaseWriteOptions } from '@kusion/sdk';
import {
  sampleRelease as release,
  sampleResource as resource,
  sampleScope as scope,
  sampleWriter,
} from '@kusion/testkit/backend-conformance';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalBackend } from './local-backend.js';

async function makeStore(): Promise<{
  directory: string;
  store: ReleaseStore;
  write: ReleaseWriteOptions;
}> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-releases-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  const backend = createLocalBackend({ kusionHome: home });
  return {
    directory: join(home, 'releases', 'shop', 'dev', 'main'),
    store: backend.releases,
    write: (await sampleWriter(backend)).write,
  };
}

describe('local release store', () => {
  it('drops a leftover journal of a hand-deleted release when the revision is created again', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1), write);
    const journal = await store.openJournal(scope, 1, write);
    await journal.append({ op: 'put', resource: resource('stale') });
    await journal.close();
    await rm(join(directory, '1.json'));
    await store.create(release(1, [resource('a')]), write);
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a')]);
  });

  it('writes each release as indented JSON at <revision>.json, as it always has', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1, [resource('a')]), write);
    // Stamped with the writer's lock generation, the fencing token later writes are checked against.
    expect(await readFile(join(directory, '1.json'), 'utf8')).toBe(
      `${JSON.stringify({ ...release(1, [resource('a')]), lockGeneration: write.fence.generation }, null, 2)}\n`,
    );
    // A release written by hand without indentation reads the same.
    await writeFile(join(directory, '2.json'), JSON.stringify(release(2)));
    expect(await store.get(scope, 2)).toEqual(release(2));
  });

  it('appends the journal next to the release and deletes it once folded in', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1, [resource('a')]), write);
    const journal = await store.openJournal(scope, 1, write);
    await journal.append({ op: 'put', resource: resource('b') });
    await journal.append({ op: 'delete', id: 'a' });
    const { generation } = write.fence;
    expect(await readFile(join(directory, '1.journal.ndjson'), 'utf8')).toBe(
      serializeJournalLine({ op: 'put', resource: resource('b'), generation }) +
        serializeJournalLine({ op: 'delete', id: 'a', generation }),
    );
    await journal.close();
    await store.update(release(1, [resource('a')], { phase: 'failed' }), write);
    expect(await readdir(directory)).toEqual(['1.json']);
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('b')]);
  });

  it('ignores a torn last journal line, and repairs it before appending again', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1), write);
    const journalFile = join(directory, '1.journal.ndjson');
    const line = serializeJournalLine({ op: 'put', resource: resource('a') });
    await writeFile(journalFile, `${line}${line.slice(0, 20)}`);
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a')]);

    const journal = await store.openJournal(scope, 1, write);
    await journal.append({ op: 'put', resource: resource('b') });
    await journal.close();
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a'), resource('b')]);
  });

  it('fails with STATE_CORRUPT naming file and line for a corrupt journal line that is not last', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1), write);
    const journalFile = join(directory, '1.journal.ndjson');
    const line = serializeJournalLine({ op: 'put', resource: resource('a') });
    await writeFile(journalFile, `${line}not json\n${line}`);
    await expect(store.get(scope, 1)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(`${journalFile}:2`),
    });
    await expect(store.latest(scope)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(store.openJournal(scope, 1, write)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
    });
  });

  it('fails with STATE_CORRUPT naming the file for an unreadable release, never skipping it', async () => {
    const { directory, store, write } = await makeStore();
    await store.create(release(1), write);
    await store.create(release(2), write);
    const file = join(directory, '2.json');
    await appendFile(file, 'garbage');
    const failure = {
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(file),
      hint: expect.stringContaining('Restore'),
    };
    await expect(store.latest(scope)).rejects.toMatchObject(failure);
    await expect(store.list(scope)).rejects.toMatchObject(failure);
    // A valid JSON file with the wrong identity is damage too.
    await writeFile(file, JSON.stringify(release(3)));
    await expect(store.get(scope, 2)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining('revision is 3'),
    });
  });
});

describe('local release store performance', () => {
  const resources = Array.from({ length: 10_000 }, (_, index) => ({
    id: `apps/v1:Deployment:shop:app-${index}`,
    type: 'Kubernetes',
    attributes: {
      metadata: { name: `app-${index}`, labels: { app: 'shop' } },
      spec: { replicas: 2, image: 'shop:1.2.3' },
    },
  }));

  it('creates, updates and reads a release of 10,000 resources in well under a second each', async () => {
    const { store, write } = await makeStore();
    const time = async (task: () => Promise<unknown>): Promise<number> => {
      const start = performance.now();
      await task();
      return performance.now() - start;
    };
    const createMs = await time(() => store.create(release(1, resources), write));
    const updateMs = await time(() =>
      store.update(release(1, resources, { phase: 'succeeded' }), write),
    );
    const getMs = await time(() => store.get(scope, 1));
    expect({ createMs, updateMs, getMs }).toEqual({
      createMs: expect.toSatisfy((ms: number) => ms < 1000),
      updateMs: expect.toSatisfy((ms: number) => ms < 1000),
      getMs: expect.toSatisfy((ms: number) => ms < 1000),
    });
  });

  it('appends 10,000 journal entries in well under a second and replays them', async () => {
    const { store, write } = await makeStore();
    await store.create(release(1), write);
    const journal = await store.openJournal(scope, 1, write);
    const start = performance.now();
    for (const resource of resources) await journal.append({ op: 'put', resource });
    await journal.close();
    expect(performance.now() - start).toBeLessThan(1000);
    expect((await store.get(scope, 1))?.state.resources).toHaveLength(10_000);
  });
});

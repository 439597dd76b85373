import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Release, ReleaseStore, ResourceState } from '@kusion/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { serializeJournalEntry } from './journal-codec.js';
import { createLocalLayout } from './local-layout.js';
import { createLocalReleaseStore } from './release-store.js';

const scope = { project: 'shop', workspace: 'dev', stack: 'main' };

async function makeStore(): Promise<{ directory: string; store: ReleaseStore }> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-releases-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return {
    directory: join(home, 'releases', 'shop', 'dev', 'main'),
    store: createLocalReleaseStore(createLocalLayout(home)),
  };
}

export function resource(id: string, version = 1): ResourceState {
  return { id, type: 'Test', attributes: { version } };
}

function release(
  revision: number,
  resources: ResourceState[] = [],
  extra: Partial<Release> = {},
): Release {
  return {
    ...scope,
    revision,
    operation: 'deploy',
    phase: 'preparing',
    spec: { resources },
    state: { resources },
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
    ...extra,
  };
}

describe('local release store', () => {
  it('creates, gets, finds the latest and lists releases oldest first', async () => {
    const { store } = await makeStore();
    expect(await store.latest(scope)).toBeUndefined();
    expect(await store.list(scope)).toEqual([]);
    // Revision 10 sorts after 9 numerically, not as text.
    for (const revision of [1, 2, 9, 10]) {
      await store.create(release(revision, [resource('a'), resource(`r${revision}`)]));
    }
    expect(await store.get(scope, 9)).toEqual(release(9, [resource('a'), resource('r9')]));
    expect(await store.get(scope, 3)).toBeUndefined();
    expect((await store.latest(scope))?.revision).toBe(10);
    const summaries = await store.list(scope);
    expect(summaries.map((summary) => summary.revision)).toEqual([1, 2, 9, 10]);
    expect(summaries[0]).toEqual({
      ...scope,
      revision: 1,
      operation: 'deploy',
      phase: 'preparing',
      createdAt: '2024-01-01T00:00:00.000Z',
      modifiedAt: '2024-01-01T00:00:00.000Z',
      user: 'ana',
      host: 'laptop',
      resourceCount: 2,
    });
  });

  it('fails with STATE_CONFLICT when the revision exists', async () => {
    const { store } = await makeStore();
    await store.create(release(1));
    await expect(store.create(release(1, [resource('other')]))).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
      message: expect.stringContaining('release 1 of project "shop"'),
    });
    expect((await store.get(scope, 1))?.state.resources).toEqual([]);
  });

  it('lets exactly one of 10 concurrent creators of a revision win', async () => {
    const { store } = await makeStore();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => store.create(release(1, [resource(`w${index}`)]))),
    );
    const winners = results.flatMap((result, index) =>
      result.status === 'fulfilled' ? [index] : [],
    );
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ code: 'STATE_CONFLICT' });
    }
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource(`w${winners[0]!}`)]);
  });

  it('drops a leftover journal of a hand-deleted release when the revision is created again', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1));
    const journal = await store.openJournal(scope, 1);
    await journal.append({ op: 'put', resource: resource('stale') });
    await journal.close();
    await rm(join(directory, '1.json'));
    await store.create(release(1, [resource('a')]));
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a')]);
  });

  it('updates an existing release and refuses a missing one', async () => {
    const { store } = await makeStore();
    await store.create(release(1));
    await store.update(release(1, [resource('a')], { phase: 'succeeded' }));
    expect(await store.get(scope, 1)).toMatchObject({
      phase: 'succeeded',
      state: { resources: [resource('a')] },
    });
    await expect(store.update(release(2))).rejects.toMatchObject({ code: 'RELEASE_NOT_FOUND' });
  });

  it('replays an open journal on read and folds it in (then deletes it) on update', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1, [resource('a'), resource('b')]));
    const journal = await store.openJournal(scope, 1);
    await journal.append({ op: 'put', resource: resource('a', 2) });
    await journal.append({ op: 'put', resource: resource('c') });
    await journal.append({ op: 'delete', id: 'b' });
    const expected = [resource('a', 2), resource('c')];
    expect((await store.latest(scope))?.state.resources).toEqual(expected);
    expect((await store.list(scope))[0]?.resourceCount).toBe(2);
    await journal.close();
    await expect(journal.append({ op: 'delete', id: 'a' })).rejects.toMatchObject({
      code: 'INTERNAL',
    });

    // The caller may pass the state it started from: the journal supplies what happened since.
    await store.update(release(1, [resource('a'), resource('b')], { phase: 'failed' }));
    expect(await readdir(directory)).toEqual(['1.json']);
    expect(await store.get(scope, 1)).toMatchObject({
      phase: 'failed',
      state: { resources: expected },
    });
  });

  it('keeps a journal that is still open when the release is updated, folding it after close', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1));
    const journal = await store.openJournal(scope, 1);
    const ids = Array.from({ length: 400 }, (_, index) => `r${index}`);
    const appends = ids
      .slice(0, 200)
      .map((id) => journal.append({ op: 'put', resource: resource(id) }));
    const update = store.update(release(1, [], { phase: 'applying' }));
    appends.push(
      ...ids.slice(200).map((id) => journal.append({ op: 'put', resource: resource(id) })),
    );
    await Promise.all([...appends, update]);
    expect(await store.get(scope, 1)).toMatchObject({ phase: 'applying' });
    expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);

    // An update racing close waits for it, then folds everything in.
    const closing = journal.close();
    await store.update(release(1, [], { phase: 'succeeded' }));
    await closing;
    expect(await readdir(directory)).toEqual(['1.json']);
    expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);
    // Closed journals can be opened again.
    await (await store.openJournal(scope, 1)).close();
  });

  it('refuses a journal for a missing release and a second open journal', async () => {
    const { store } = await makeStore();
    await expect(store.openJournal(scope, 1)).rejects.toMatchObject({ code: 'RELEASE_NOT_FOUND' });
    await store.create(release(1));
    const journal = await store.openJournal(scope, 1);
    await expect(store.openJournal(scope, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await journal.close();
    await (await store.openJournal(scope, 1)).close();
  });

  it('ignores a torn last journal line, and repairs it before appending again', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1));
    const journalFile = join(directory, '1.journal.ndjson');
    const line = serializeJournalEntry({ op: 'put', resource: resource('a') });
    await writeFile(journalFile, `${line}${line.slice(0, 20)}`);
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a')]);

    const journal = await store.openJournal(scope, 1);
    await journal.append({ op: 'put', resource: resource('b') });
    await journal.close();
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a'), resource('b')]);
  });

  it('fails with STATE_CORRUPT naming file and line for a corrupt journal line that is not last', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1));
    const journalFile = join(directory, '1.journal.ndjson');
    const line = serializeJournalEntry({ op: 'put', resource: resource('a') });
    await writeFile(journalFile, `${line}not json\n${line}`);
    await expect(store.get(scope, 1)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(`${journalFile}:2`),
    });
    await expect(store.latest(scope)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(store.openJournal(scope, 1)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
  });

  it('fails with STATE_CORRUPT naming the file for an unreadable release, never skipping it', async () => {
    const { directory, store } = await makeStore();
    await store.create(release(1));
    await store.create(release(2));
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

  it('validates scope segments and revisions', async () => {
    const { store } = await makeStore();
    await expect(store.create({ ...release(1), project: '..' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('project name'),
    });
    await expect(store.get({ ...scope, stack: 'a/b' }, 1)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.latest({ ...scope, workspace: 'x\u0000' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.create(release(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
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
    const { store } = await makeStore();
    const time = async (task: () => Promise<unknown>): Promise<number> => {
      const start = performance.now();
      await task();
      return performance.now() - start;
    };
    const createMs = await time(() => store.create(release(1, resources)));
    const updateMs = await time(() => store.update(release(1, resources, { phase: 'succeeded' })));
    const getMs = await time(() => store.get(scope, 1));
    expect({ createMs, updateMs, getMs }).toEqual({
      createMs: expect.toSatisfy((ms: number) => ms < 1000),
      updateMs: expect.toSatisfy((ms: number) => ms < 1000),
      getMs: expect.toSatisfy((ms: number) => ms < 1000),
    });
  });

  it('appends 10,000 journal entries in well under a second and replays them', async () => {
    const { store } = await makeStore();
    await store.create(release(1));
    const journal = await store.openJournal(scope, 1);
    const start = performance.now();
    for (const resource of resources) await journal.append({ op: 'put', resource });
    await journal.close();
    expect(performance.now() - start).toBeLessThan(1000);
    expect((await store.get(scope, 1))?.state.resources).toHaveLength(10_000);
  });
});

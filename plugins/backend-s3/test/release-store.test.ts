/** What the S3 release store adds to the contract: its layout, ETags, summaries, journal groups. */
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  sampleRelease as release,
  sampleResource as resource,
  sampleScope as scope,
} from '@kusion/testkit/backend-conformance';
import { BUCKET, PREFIX, useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();
const folder = 'releases/shop/dev/main/';

describe('s3 release store', () => {
  it('keeps a release, its summary and its journal groups at the documented keys', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1, [resource('a')]), write);
    const journal = await store.openJournal(scope, 1, write);
    await journal.append({ op: 'put', resource: resource('b') });
    await journal.append({ op: 'delete', id: 'a' });
    const { generation } = write.fence;
    expect(JSON.parse((await moto.read(`${folder}1.json`))!)).toEqual({
      ...release(1, [resource('a')]),
      lockGeneration: generation,
    });
    expect(JSON.parse((await moto.read(`${folder}1.summary.json`))!)).toMatchObject({
      releaseEtag: expect.stringMatching(/^".+"$/),
      summary: { revision: 1, resourceCount: 1 },
    });
    expect(JSON.parse((await moto.read(`${folder}1.journal/0000000001.json`))!)).toEqual([
      { op: 'put', resource: resource('b'), generation },
    ]);
    expect(JSON.parse((await moto.read(`${folder}1.journal/0000000002.json`))!)).toEqual([
      { op: 'delete', id: 'a', generation },
    ]);
    await journal.close();
    await store.update(release(1, [resource('a')], { phase: 'succeeded' }), write);
    expect(await moto.read(`${folder}1.journal/0000000001.json`)).toBeUndefined();
    expect(JSON.parse((await moto.read(`${folder}1.json`))!)).toMatchObject({
      phase: 'succeeded',
      state: { resources: [resource('b')] },
    });
  });

  it('refuses to update a release another process changed since this one read it', async () => {
    const write = await moto.lock();
    const left = moto.backend().releases;
    const right = moto.backend().releases;
    await left.create(release(1), write);
    await right.get(scope, 1);
    await right.update(release(1, [resource('right')], { phase: 'succeeded' }), write);
    await expect(
      left.update(release(1, [resource('left')], { phase: 'failed' }), write),
    ).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
      message:
        'release 1 of project "shop", workspace "dev", stack "main" was changed by another process since this one read it',
    });
    expect((await right.get(scope, 1))?.state.resources).toEqual([resource('right')]);
    // Having read the new one, it may replace it; a process that never read it replaces the current one.
    await left.get(scope, 1);
    await left.update(release(1, [resource('left')], { phase: 'failed' }), write);
    await moto.backend().releases.update(release(1, [resource('third')]), write);
    expect((await left.get(scope, 1))?.state.resources).toEqual([resource('third')]);
  });

  it('finds the latest from one listing, downloading that release only', async () => {
    const write = await moto.lock();
    const writer = moto.backend().releases;
    for (let revision = 1; revision <= 12; revision++)
      await writer.create(release(revision, [resource(`r${revision}`)]), write);
    const { backend, requests } = moto.recordingBackend();
    expect((await backend.releases.latest(scope))?.revision).toBe(12);
    // ...and KusionStack Kusion's release metadata beside the stack folder (none here).
    expect(requests).toHaveLength(3);
    expect(requests).toEqual(
      expect.arrayContaining([
        { command: 'ListObjectsV2Command', key: `${PREFIX}${folder}` },
        { command: 'GetObjectCommand', key: `${PREFIX}${folder}12.json` },
        { command: 'GetObjectCommand', key: `${PREFIX}releases/shop/dev/.metadata.yml` },
      ]),
    );
  });

  it('lists from the summaries, without downloading releases', async () => {
    const write = await moto.lock();
    const writer = moto.backend().releases;
    for (let revision = 1; revision <= 12; revision++) {
      await writer.create(
        release(
          revision,
          Array.from({ length: revision }, (_, index) => resource(`r${index}`)),
        ),
        write,
      );
    }
    const { backend, requests } = moto.recordingBackend();
    const summaries = await backend.releases.list(scope);
    expect(summaries.map((summary) => summary.resourceCount)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(
      requests
        .filter((request) => request.command === 'GetObjectCommand')
        .map((request) => request.key),
    ).toEqual(expect.arrayContaining([`${PREFIX}${folder}1.summary.json`]));
    expect(requests.some((request) => /\/\d+\.json$/.test(request.key ?? ''))).toBe(false);
  });

  it('does not trust a stale or damaged summary, and rebuilds it', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1), write);
    await store.create(release(2), write);
    // Changed behind the backend's back: the summary now describes an older object.
    await moto.write(
      `${folder}1.json`,
      JSON.stringify(release(1, [resource('a')], { phase: 'failed' })),
    );
    await moto.write(`${folder}2.summary.json`, '{"releaseEtag": 1');
    const summaries = await moto.backend().releases.list(scope);
    expect(summaries.map(({ phase, resourceCount }) => ({ phase, resourceCount }))).toEqual([
      { phase: 'failed', resourceCount: 1 },
      { phase: 'preparing', resourceCount: 0 },
    ]);
    expect(JSON.parse((await moto.read(`${folder}1.summary.json`))!)).toMatchObject({
      summary: { phase: 'failed' },
    });
    await moto.client.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${folder}2.summary.json` }),
    );
    expect(await moto.backend().releases.list(scope)).toHaveLength(2);
  });

  it('fails with STATE_CORRUPT naming the object for a damaged release or journal group', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1), write);
    await store.create(release(2), write);
    await moto.write(`${folder}2.json`, '{"project": "shop", garbage');
    const damaged = {
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(`s3://${BUCKET}/${PREFIX}${folder}2.json`),
      hint: expect.stringContaining('Restore'),
    };
    await expect(store.latest(scope)).rejects.toMatchObject(damaged);
    await expect(store.list(scope)).rejects.toMatchObject(damaged);
    await moto.write(`${folder}2.json`, JSON.stringify(release(3)));
    await expect(store.get(scope, 2)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining('revision is 3'),
    });

    await moto.write(`${folder}1.journal/0000000001.json`, '[{"op":"put"}]');
    await expect(store.get(scope, 1)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: `state journal object s3://${BUCKET}/${PREFIX}${folder}1.journal/0000000001.json is corrupt: entry 1 is not a valid entry`,
    });
  });

  it('writes entries appended together as one group, and each awaited entry as its own', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1), write);
    const journal = await store.openJournal(scope, 1, write);
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        journal.append({ op: 'put', resource: resource(`p${index}`) }),
      ),
    );
    for (let index = 0; index < 5; index++)
      await journal.append({ op: 'put', resource: resource(`s${index}`) });
    await journal.close();
    const { objects } = await listJournal();
    expect(objects).toHaveLength(6);
    expect((await store.get(scope, 1))?.state.resources).toHaveLength(55);
  });

  it('stops a journal whose group number another writer took, failing every later append', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1), write);
    const ours = await store.openJournal(scope, 1, write);
    const theirs = await moto.backend().releases.openJournal(scope, 1, write);
    await theirs.append({ op: 'put', resource: resource('theirs') });
    await expect(ours.append({ op: 'put', resource: resource('ours') })).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
      message: expect.stringContaining('another process is writing the state journal'),
    });
    await expect(ours.append({ op: 'put', resource: resource('later') })).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
    });
    await ours.close();
    await theirs.close();
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('theirs')]);
  });

  it('drops leftover journal groups of a hand-deleted release when the revision is created again', async () => {
    const write = await moto.lock();
    const store = moto.backend().releases;
    await store.create(release(1), write);
    const journal = await store.openJournal(scope, 1, write);
    await journal.append({ op: 'put', resource: resource('stale') });
    await journal.close();
    await moto.client.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${folder}1.json` }),
    );
    await store.create(release(1, [resource('a')]), write);
    expect((await store.get(scope, 1))?.state.resources).toEqual([resource('a')]);
  });
});

async function listJournal() {
  const response = await moto.client.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}${folder}1.journal/` }),
  );
  return { objects: response.Contents ?? [] };
}

/**
 * Locks are blob leases with the holder in metadata, as `az storage blob show` lists them; a
 * released lock keeps its last generation; a lease broken by anyone fences its holder out.
 */
import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import type { BlockBlobClient } from '@azure/storage-blob';
import {
  sampleRelease as release,
  sampleResource as resource,
  sampleScope,
  sampleWriter,
} from '@kusion/testkit/backend-conformance';
import { describe, expect, it } from 'vitest';
import { useAzurite } from './azurite-container.js';

const azurite = useAzurite();
const scope = { project: 'shop', workspace: 'prod' };
const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion deploy' };
/** The lock blob of `sampleScope` (the scope sampleWriter locks). */
const SAMPLE_LOCK = 'team/locks/shop/dev.json';

function blobOf(container: string, name: string): BlockBlobClient {
  return BlobServiceClient.fromConnectionString(azurite.peer().connectionString)
    .getContainerClient(container)
    .getBlockBlobClient(name);
}

async function textOf(blob: BlockBlobClient): Promise<string> {
  return (await blob.downloadToBuffer()).toString('utf8');
}

describe('the azure-blob lock', () => {
  it('is an infinite lease on locks/<project>/<workspace>.json whose metadata names the holder', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container, 'team/');
    const answer = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in answer)) throw new Error('expected the lock');
    const blob = blobOf(container, 'team/locks/shop/prod.json');
    const properties = await blob.getProperties();
    expect(properties).toMatchObject({ leaseState: 'leased', leaseDuration: 'infinite' });
    expect(properties.metadata).toEqual({
      kusionlockid: answer.lock.info.id,
      owner: 'ana%40laptop',
      pid: '4242',
      expiresat: answer.lock.info.expiresAt,
      generation: String(answer.lock.info.generation),
    });
    expect(JSON.parse(await textOf(blob))).toEqual(answer.lock.info);
    // Nobody but the holder can change it.
    await expect(blob.upload('x', 1)).rejects.toMatchObject({ statusCode: 412 });
  });

  it('released, keeps the blob as a released marker with the last generation; the next holder gets the one after', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const first = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in first)) throw new Error('expected the lock');
    await first.lock.release();
    const blob = blobOf(container, 'team/locks/shop/prod.json');
    const { generation } = first.lock.info;
    expect(JSON.parse(await textOf(blob))).toMatchObject({ released: true, generation });
    const properties = await blob.getProperties();
    expect(properties.leaseState).toBe('available');
    expect(properties.metadata).toEqual({ generation: String(generation) });
    expect(await backend.locks.inspect(scope)).toBeUndefined();
    const second = await (
      await azurite.open(container)
    ).locks.tryAcquire({
      scope,
      holder,
      ttlMs: 60_000,
    });
    expect('lock' in second && second.lock.info.generation).toBe(generation + 1);
  });

  it('keeps the generation of a holder whose marker was never written (the blob then still names it, unleased)', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const first = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in first)) throw new Error('expected the lock');
    // What a process killed between freeing the lease and writing the marker leaves behind.
    await blobOf(container, 'team/locks/shop/prod.json')
      .getBlobLeaseClient(first.lock.info.id)
      .releaseLease();
    expect(await backend.locks.inspect(scope)).toBeUndefined();
    const next = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    expect('lock' in next && next.lock.info.generation).toBe(first.lock.info.generation + 1);
  });

  it('takes over a lock written before fencing (no generation) with generation 1', async () => {
    const container = await azurite.newContainer();
    const blob = blobOf(container, 'team/locks/shop/prod.json');
    const legacy = {
      id: randomUUID(),
      user: 'ci',
      host: 'runner-7',
      pid: 99,
      command: 'kusion deploy',
      acquiredAt: '2024-01-01T00:00:00.000Z',
      expiresAt: '2024-01-01T00:10:00.000Z',
    };
    await blob.upload('', 0);
    await blob.getBlobLeaseClient(legacy.id).acquireLease(-1);
    const body = JSON.stringify(legacy);
    await blob.upload(body, Buffer.byteLength(body), { conditions: { leaseId: legacy.id } });
    const locks = (await azurite.open(container)).locks;
    expect(await locks.inspect(scope)).toEqual({ ...legacy, generation: 0 });
    const taken = await locks.tryAcquire({
      scope,
      holder,
      ttlMs: 1000,
      replaceHolderId: legacy.id,
    });
    expect('lock' in taken && taken.lock.info.generation).toBe(1);
  });

  it('stops the holder as soon as its lease is broken: its next renew fails with LOCKED', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const answer = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in answer)) throw new Error('expected the lock');
    await blobOf(container, 'team/locks/shop/prod.json').getBlobLeaseClient().breakLease(0);
    await expect(answer.lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
  });
});

describe('fencing on blob leases', () => {
  it('refuses every state write once the lease was broken by hand (az storage blob lease break), and writes nothing', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const writer = await sampleWriter(backend);
    await backend.releases.create(release(1, [resource('a')], { phase: 'applying' }), writer.write);
    const journal = await backend.releases.openJournal(sampleScope, 1, writer.write);
    await journal.append({ op: 'put', resource: resource('b') });

    await blobOf(container, SAMPLE_LOCK).getBlobLeaseClient().breakLease(0);

    const lost = { code: 'LOCKED', message: expect.stringContaining('force-released') };
    await expect(journal.append({ op: 'put', resource: resource('c') })).rejects.toMatchObject(
      lost,
    );
    await journal.close();
    await expect(
      backend.releases.update(release(1, [], { phase: 'succeeded' }), writer.write),
    ).rejects.toMatchObject(lost);
    await expect(backend.releases.create(release(2), writer.write)).rejects.toMatchObject(lost);
    const reader = (await azurite.open(container)).releases;
    expect(await reader.get(sampleScope, 1)).toMatchObject({
      phase: 'applying',
      lockGeneration: writer.fence.generation,
      state: { resources: [resource('a'), resource('b')] },
    });
    expect(await reader.get(sampleScope, 2)).toBeUndefined();
  });

  it('refuses the old holder the moment its lease is broken and leased again, before the new holder writes itself in', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const writer = await sampleWriter(backend);
    const blob = blobOf(container, SAMPLE_LOCK);
    await blob.getBlobLeaseClient().breakLease(0);
    // The blob still names the old holder with its generation: only the lease says it is gone.
    await blob.getBlobLeaseClient(randomUUID()).acquireLease(-1);
    expect(JSON.parse(await textOf(blob))).toMatchObject({ id: writer.lock.info.id });
    await expect(backend.releases.create(release(1), writer.write)).rejects.toMatchObject({
      code: 'LOCKED',
    });
    expect(await (await azurite.open(container)).releases.get(sampleScope, 1)).toBeUndefined();
  });

  it('release unlock (forceRelease) breaks the lease and leaves the generation for the next holder', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const writer = await sampleWriter(backend);
    const other = await azurite.open(container);
    expect(await other.locks.forceRelease(sampleScope)).toEqual(writer.lock.info);
    expect(await other.locks.inspect(sampleScope)).toBeUndefined();
    expect(JSON.parse(await textOf(blobOf(container, SAMPLE_LOCK)))).toMatchObject({
      released: true,
      generation: writer.fence.generation,
    });
    await expect(backend.releases.create(release(1), writer.write)).rejects.toMatchObject({
      code: 'LOCKED',
    });
    const next = await sampleWriter(other);
    expect(next.fence.generation).toBe(writer.fence.generation + 1);
    await next.lock.release();
    // The old holder's release neither throws nor touches the lock now.
    await writer.lock.release();
    expect(JSON.parse(await textOf(blobOf(container, SAMPLE_LOCK)))).toMatchObject({
      released: true,
      generation: next.fence.generation,
    });
  });
});

/** Locks are blob leases with the holder in metadata, as `az storage blob show` lists them. */
import { BlobServiceClient } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { useAzurite } from './azurite-container.js';

const azurite = useAzurite();
const scope = { project: 'shop', workspace: 'prod' };
const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion deploy' };

describe('the azure-blob lock', () => {
  it('is an infinite lease on locks/<project>/<workspace>.json whose metadata names the holder', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container, 'team/');
    const answer = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in answer)) throw new Error('expected the lock');
    const blob = BlobServiceClient.fromConnectionString(azurite.peer().connectionString)
      .getContainerClient(container)
      .getBlobClient('team/locks/shop/prod.json');
    const properties = await blob.getProperties();
    expect(properties).toMatchObject({ leaseState: 'leased', leaseDuration: 'infinite' });
    expect(properties.metadata).toEqual({
      kusionlockid: answer.lock.info.id,
      owner: 'ana%40laptop',
      pid: '4242',
      expiresat: answer.lock.info.expiresAt,
    });
    // Nobody but the holder can change it.
    await expect(blob.getBlockBlobClient().upload('x', 1)).rejects.toMatchObject({
      statusCode: 412,
    });
    await answer.lock.release();
    expect(await blob.exists()).toBe(false);
  });

  it('stops the holder as soon as its lease is broken: its next renew fails with LOCKED', async () => {
    const container = await azurite.newContainer();
    const backend = await azurite.open(container);
    const answer = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in answer)) throw new Error('expected the lock');
    await BlobServiceClient.fromConnectionString(azurite.peer().connectionString)
      .getContainerClient(container)
      .getBlobClient('team/locks/shop/prod.json')
      .getBlobLeaseClient()
      .breakLease(0);
    await expect(answer.lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
  });
});

import { readFileSync } from 'node:fs';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, startAzurite, type AzuritePeer } from '../src/index.ts';
import { seconds } from './helpers.ts';

describe('azurite', () => {
  let azurite: AzuritePeer;
  beforeAll(async () => {
    const start = performance.now();
    azurite = await startAzurite();
    console.log(`azurite ready in ${seconds(start)} s at ${azurite.blobEndpoint}`);
  });
  afterAll(() => azurite.stop());

  it('has the pid of the server process itself', () => {
    const commandLine = readFileSync(`/proc/${azurite.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.join(' ')).toMatch(
      /azurite\/dist\/src\/blob\/main\.js --blobHost 127\.0\.0\.1/,
    );
  });

  it('serves blobs with ETag conditions and leases through @azure/storage-blob', async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient('kusion-state');
    await container.create();
    const blob = container.getBlockBlobClient('locks/a.json');
    const first = await blob.upload('one', 3, { conditions: { ifNoneMatch: '*' } });
    await expect(blob.upload('two', 3, { conditions: { ifNoneMatch: '*' } })).rejects.toMatchObject(
      { statusCode: 409 },
    );
    await blob.upload('two', 3, { conditions: { ifMatch: first.etag ?? '' } });
    const lease = blob.getBlobLeaseClient();
    await lease.acquireLease(-1);
    await expect(blob.upload('three', 5)).rejects.toMatchObject({ statusCode: 412 });
    await lease.releaseLease();
  });
});

describe('azurite stop', () => {
  it('leaves no process behind', async () => {
    const peer = await startAzurite();
    await peer.stop();
    expect(isProcessAlive(peer)).toBe(false);
  });
});

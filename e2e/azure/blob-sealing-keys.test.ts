/**
 * One sealing key per backend (issue 12) on the azure-blob backend, on Azurite: the data key is the
 * blob `<prefix>keys/data-key.json`, wrapped by a passphrase; a release deployed from one
 * KUSION_HOME rolls back from another with no shared key file or variable; no blob holds the plain
 * key or a secret; `kusion secrets rotate` keeps both machines working.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import type { ContainerClient } from '@azure/storage-blob';
import { startAzurite } from '@kusion/test-peers';
import type { AzuritePeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { passphraseSealingAcrossMachines } from '../test/support/sealing-keys.ts';
import { assertBuilt } from './azure-project.ts';

const CONTAINER = 'kusion-state';
const PREFIX = 'shop/';

let azurite: AzuritePeer;
let container: ContainerClient;

beforeAll(async () => {
  await assertBuilt();
  azurite = await startAzurite();
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    CONTAINER,
  );
});

afterAll(() => azurite.stop());

/** A blob's text; undefined when there is none. */
async function readBlob(name: string): Promise<string | undefined> {
  const blob = container.getBlockBlobClient(name);
  if (!(await blob.exists())) return undefined;
  return (await blob.downloadToBuffer()).toString('utf8');
}

describe('sealing keys on the azure-blob backend', () => {
  it('passphrase: rolls back from another KUSION_HOME with no shared key; the key blob is wrapped; rotate keeps both machines working', async () => {
    await passphraseSealingAcrossMachines({
      definition: {
        type: 'azure-blob',
        configs: { container: CONTAINER, prefix: PREFIX, createContainer: true },
      },
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      readStoredKey: () => readBlob(`${PREFIX}keys/data-key.json`),
      async dumpStorage() {
        let text = '';
        for await (const blob of container.listBlobsFlat({ prefix: PREFIX }))
          text += `${blob.name}\n${(await readBlob(blob.name)) ?? ''}\n`;
        return text;
      },
    });
  });
});

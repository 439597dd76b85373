/**
 * One Azurite per test file (started on loopback, stopped by its pid) and a fresh container per
 * check: backends open on it as separate processes would, each with its own client.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '@kusion/test-peers';
import type { AzuritePeer } from '@kusion/test-peers';
import type { Backend } from '@kusion/sdk';
import { afterAll, beforeAll } from 'vitest';
import { createAzureBlobBackend, parseAzureBlobSettings } from '../src/index.js';

export interface AzuriteContainers {
  readonly peer: () => AzuritePeer;
  /** A new, empty container's name. */
  newContainer(): Promise<string>;
  /** A backend on a container, as a separate process would open it. */
  open(container: string, prefix?: string): Promise<Backend>;
}

export function useAzurite(): AzuriteContainers {
  let azurite: AzuritePeer | undefined;
  let counter = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite?.stop());
  const peer = (): AzuritePeer => {
    if (!azurite) throw new Error('azurite is not started');
    return azurite;
  };
  return {
    peer,
    async newContainer() {
      const name = `state-${Date.now().toString(36)}-${++counter}`;
      await BlobServiceClient.fromConnectionString(peer().connectionString)
        .getContainerClient(name)
        .create();
      return name;
    },
    open: (container, prefix = 'team/') =>
      createAzureBlobBackend(
        parseAzureBlobSettings(
          { container, prefix, endpoint: peer().blobEndpoint },
          { AZURE_STORAGE_CONNECTION_STRING: peer().connectionString },
        ),
        {
          container: BlobServiceClient.fromConnectionString(
            peer().connectionString,
          ).getContainerClient(container),
        },
      ),
  };
}

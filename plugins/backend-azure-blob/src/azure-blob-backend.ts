/**
 * The Azure Blob backend: workspaces, releases, locks and the wrapped data key as blobs under a
 * prefix of one container, changed only with ETag-conditional writes, and locks held as blob
 * leases, so many people and CI runners can share them safely. Every state write checks first
 * that its writer's lease still holds (fence.ts). What it stores besides its locks is the
 * object-store backend of @kusion/backend-kit, on blobs (object-store.ts).
 */
import type { ContainerClient } from '@azure/storage-blob';
import { createObjectLayout, createObjectStoreBackend } from '@kusion/backend-kit';
import type { Backend } from '@kusion/sdk';
import { toBackendError } from './blob-errors.js';
import { createContainerClient } from './blob-client.js';
import { createFenceCheck } from './fence.js';
import { createBlobLockStore } from './lock-store.js';
import { createObjectStore } from './object-store.js';
import type { AzureBlobBackendSettings } from './settings.js';

export const AZURE_BLOB_BACKEND_NAME = 'azure-blob';

export interface AzureBlobBackendOptions {
  /** Use this container client instead of one built from the settings (tests). */
  readonly container?: ContainerClient;
}

export async function createAzureBlobBackend(
  settings: AzureBlobBackendSettings,
  options: AzureBlobBackendOptions = {},
): Promise<Backend> {
  const container = options.container ?? createContainerClient(settings);
  if (settings.createContainer) {
    await container.createIfNotExists().catch((error: unknown) => {
      throw toBackendError(error, {
        action: 'create the container',
        target: container.url.split('?')[0] ?? '',
      });
    });
  }
  const layout = createObjectLayout();
  return createObjectStoreBackend({
    name: AZURE_BLOB_BACKEND_NAME,
    store: createObjectStore(container, settings.prefix),
    layout,
    locks: createBlobLockStore(container, settings.prefix, layout),
    checkFence: createFenceCheck(container, settings.prefix, layout),
  });
}

/** The plugin the engine loads for backends of `type: azure-blob`: it registers that backend. */
import { definePlugin } from '@kusion/sdk';
import type { BackendRegistration } from '@kusion/sdk';
import { AZURE_BLOB_BACKEND_NAME, createAzureBlobBackend } from './azure-blob-backend.js';
import { parseAzureBlobSettings } from './settings.js';

export const azureBlobBackendRegistration: BackendRegistration = {
  name: AZURE_BLOB_BACKEND_NAME,
  create: (settings) => createAzureBlobBackend(parseAzureBlobSettings(settings)),
};

export const azureBlobBackendPlugin = definePlugin({
  name: 'backend-azure-blob',
  apply(host) {
    host.registerBackend(azureBlobBackendRegistration);
  },
});

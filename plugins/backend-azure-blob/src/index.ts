export {
  azureBlobBackendPlugin as default,
  azureBlobBackendPlugin,
  azureBlobBackendRegistration,
} from './plugin.js';
export { AZURE_BLOB_BACKEND_NAME, createAzureBlobBackend } from './azure-blob-backend.js';
export type { AzureBlobBackendOptions } from './azure-blob-backend.js';
export { parseAzureBlobSettings } from './settings.js';
export type { AzureBlobBackendSettings } from './settings.js';
export { CORRUPT_LOCK_ID } from '@kusion/backend-kit';

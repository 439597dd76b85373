/**
 * The container client, signed in the first way the environment offers:
 * `AZURE_STORAGE_CONNECTION_STRING`, an account key (`AZURE_STORAGE_KEY`), a SAS token
 * (`AZURE_STORAGE_SAS_TOKEN`), else an Entra identity through the standard `@azure/identity` chain
 * (environment, workload or managed identity, `az login`...).
 */
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { ContainerClient } from '@azure/storage-blob';
import type { AzureBlobBackendSettings } from './settings.js';

export function createContainerClient(
  settings: AzureBlobBackendSettings,
  environment: NodeJS.ProcessEnv = process.env,
): ContainerClient {
  const connectionString = environment['AZURE_STORAGE_CONNECTION_STRING'];
  const options = {
    retryOptions: { maxTries: 4 },
    userAgentOptions: { userAgentPrefix: 'kusion' },
  };
  const service = (): BlobServiceClient => {
    if (connectionString) return BlobServiceClient.fromConnectionString(connectionString, options);
    const endpoint = (
      settings.endpoint ?? `https://${settings.accountName ?? ''}.blob.core.windows.net`
    ).replace(/\/+$/, '');
    const key = environment['AZURE_STORAGE_KEY'];
    if (key)
      return new BlobServiceClient(
        endpoint,
        new StorageSharedKeyCredential(settings.accountName ?? accountOf(endpoint), key),
        options,
      );
    const sas = environment['AZURE_STORAGE_SAS_TOKEN'];
    if (sas)
      return new BlobServiceClient(`${endpoint}?${sas.replace(/^\?/, '')}`, undefined, options);
    return new BlobServiceClient(endpoint, new DefaultAzureCredential(), options);
  };
  return service().getContainerClient(settings.container);
}

/** `https://acct.blob.core.windows.net` → `acct`; `http://127.0.0.1:10000/acct` (an emulator) → `acct`. */
function accountOf(endpoint: string): string {
  const url = new URL(endpoint);
  const fromPath = url.pathname.split('/').find((part) => part !== '');
  return fromPath ?? url.hostname.split('.')[0] ?? '';
}

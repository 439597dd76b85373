/** What a child process of the conformance suite calls to open the container a check uses. */
import type { Backend } from '@kusion/sdk';
import { createAzureBlobBackend } from '../src/azure-blob-backend.js';
import { parseAzureBlobSettings } from '../src/settings.js';

/** Opens the container as the CLI would: from settings, the account key from the environment. */
export function openAzureBlobBackend(settings: Record<string, unknown>): Promise<Backend> {
  return createAzureBlobBackend(parseAzureBlobSettings(settings));
}

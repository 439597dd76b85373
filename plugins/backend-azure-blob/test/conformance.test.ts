/**
 * The Azure Blob backend keeps every rule the engine relies on, as every backend must; on Azurite,
 * with the fencing, racing-writer and kill -9 checks (a child process opens the same container).
 */
import { fileURLToPath } from 'node:url';
import { AZURITE_ACCOUNT_KEY } from '@kusion/test-peers';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { useAzurite } from './azurite-container.js';

const azurite = useAzurite();
const PREFIX = 'team/';

describeBackendConformance({
  name: 'azure-blob',
  createStorage: async () => {
    const container = await azurite.newContainer();
    return {
      open: () => azurite.open(container, PREFIX),
      childArgument: { container, prefix: PREFIX, endpoint: azurite.peer().blobEndpoint },
    };
  },
  // A child opens the container as the CLI would: from settings, with Azurite's documented
  // development key (a shared key, not a secret) in AZURE_STORAGE_KEY.
  childProcess: {
    module: new URL('./child-backend.ts', import.meta.url).href,
    exportName: 'openAzureBlobBackend',
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: { AZURE_STORAGE_KEY: AZURITE_ACCOUNT_KEY },
  },
  timeoutMs: 60_000,
});

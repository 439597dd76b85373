/** The Azure Blob backend keeps every rule the engine relies on, as every backend must; on Azurite. */
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { useAzurite } from './azurite-container.js';

const azurite = useAzurite();

describeBackendConformance({
  name: 'azure-blob',
  createStorage: async () => {
    const container = await azurite.newContainer();
    return { open: () => azurite.open(container) };
  },
});

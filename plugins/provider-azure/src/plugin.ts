/**
 * The plugin the engine loads from `@kusion/provider-azure`: provider `azure` (resource type
 * `Azure`), registered through the same API a third party uses.
 */
import { definePlugin } from '@kusion/sdk';
import { createAzureProvider } from './azure-provider.js';
import { RESOURCE_TYPE } from './model/azure-resource.js';

export const azurePlugin = definePlugin({
  name: 'provider-azure',
  apply(host) {
    host.registerProvider({
      name: 'azure',
      resourceTypes: [RESOURCE_TYPE],
      create: (request) => createAzureProvider(request),
    });
  },
});

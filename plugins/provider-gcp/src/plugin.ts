/** The plugin the engine loads by name (`providers: { gcp: ... }` in a workspace). */
import { defineProvider } from '@kusion/sdk';
import { createGcpProvider } from './gcp-provider.js';
import { GCP_TYPE } from './model/kinds.js';

export default defineProvider({
  name: 'gcp',
  resourceTypes: [GCP_TYPE],
  create: (request) => createGcpProvider(request),
});

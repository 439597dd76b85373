/** The plugin the engine loads by name (`providers: { kubernetes: ... }` in a workspace). */
import { defineProvider } from '@kusion/sdk';
import { KUBERNETES_TYPE } from './ordering/infer-dependencies.js';
import { createKubernetesProvider } from './kubernetes-provider.js';

export default defineProvider({
  name: 'kubernetes',
  resourceTypes: [KUBERNETES_TYPE],
  create: (request) => createKubernetesProvider(request),
});

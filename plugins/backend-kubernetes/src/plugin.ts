/** The plugin the engine loads for backends of `type: kubernetes`: it registers that backend. */
import { definePlugin } from '@kusion/sdk';
import type { BackendRegistration } from '@kusion/sdk';
import { createKubernetesBackend, KUBERNETES_BACKEND_NAME } from './kubernetes-backend.js';
import { parseKubernetesSettings } from './settings.js';

export const kubernetesBackendRegistration: BackendRegistration = {
  name: KUBERNETES_BACKEND_NAME,
  create: (settings, context) =>
    createKubernetesBackend(parseKubernetesSettings(settings), context),
};

export const kubernetesBackendPlugin = definePlugin({
  name: 'backend-kubernetes',
  apply(host) {
    host.registerBackend(kubernetesBackendRegistration);
  },
});

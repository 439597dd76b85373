export {
  kubernetesBackendPlugin as default,
  kubernetesBackendPlugin,
  kubernetesBackendRegistration,
} from './plugin.js';
export {
  createKubernetesBackend,
  KUBERNETES_BACKEND_NAME,
  openKubernetesBackend,
} from './kubernetes-backend.js';
export { DEFAULT_NAMESPACE, parseKubernetesSettings } from './settings.js';
export type { KubernetesBackendSettings } from './settings.js';
export { MAX_SECRET_DATA_BYTES } from './secret-data.js';
export { CORRUPT_LOCK_ID } from '@kusion/backend-kit';

export { default } from './plugin.js';
export { createKubernetesProvider, type KubernetesProviderOptions } from './kubernetes-provider.js';
export type { ApiRequestInfo } from './client/transport.js';
export type { KubernetesSettings } from './settings.js';
export { FIELD_MANAGER } from './client/kube-objects.js';

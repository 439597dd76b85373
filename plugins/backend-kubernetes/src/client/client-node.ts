/**
 * The one part of `@kubernetes/client-node` the backend uses: `KubeConfig` (kubeconfig files,
 * contexts, credentials, exec plugins, in-cluster service accounts), from its own module rather
 * than the package index, which pulls in the whole generated API. The build inlines it into the
 * backend's bundle (`tools/packaging/src/bundle-plugin.mjs`).
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';

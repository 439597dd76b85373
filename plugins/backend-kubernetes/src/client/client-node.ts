/**
 * The one part of `@kubernetes/client-node` the backend uses: `KubeConfig` (kubeconfig files,
 * contexts, credentials, exec plugins, in-cluster service accounts). The build bundles this module
 * into one file (`tools/packaging/src/bundle-client-node.mjs`): loading the package's ~3,000 modules one by one
 * costs about 0.4 s, which every `kusion` command on this backend would pay.
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';

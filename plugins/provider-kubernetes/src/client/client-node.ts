/**
 * The parts of `@kubernetes/client-node` the provider uses, in one module. The build bundles this
 * module into one file (`tools/packaging/src/bundle-client-node.mjs`): loading the package's ~3,000 modules
 * one by one takes about 0.4 s, which every `kusion` run that touches Kubernetes would pay.
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';

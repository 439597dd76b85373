/**
 * The part of `@kubernetes/client-node` the provider uses: `KubeConfig` (credentials, TLS, exec
 * plugins, proxies), from its own module rather than the package index, which pulls in the whole
 * generated API. The build inlines it into the provider's bundle
 * (`tools/packaging/src/bundle-plugin.mjs`).
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';

import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateNetwork } from './generate-network.js';
import { networkSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `network` module: an app's ports as Services (ClusterIP, or LoadBalancer when public), and an optional Ingress. */
const plugin = defineModule({
  name: 'network',
  version,
  schemas: networkSchemas,
  generate: generateNetwork,
});

export default plugin;
export { generateNetwork, networkSchemas };
export { network } from './builder.js';
export type { NetworkAccessory } from './builder.js';
export type {
  Ingress,
  IngressBackend,
  NetworkPlatformSettings,
  NetworkSettings,
} from './network-settings.js';

/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { network } from '@kusion/module-network';
 * appConfiguration({ workload, accessories: { network: network({ ports: [{ port: 80, targetPort: 8080, public: true }] }) } });
 * ```
 */
import type { NetworkSettings } from './network-settings.js';

/** `accessories.<name>` for this module. */
export type NetworkAccessory = Omit<NetworkSettings, 'module'> & { readonly module: 'network' };

export function network(settings: Omit<NetworkSettings, 'module'> = {}): NetworkAccessory {
  return { module: 'network', ...settings };
}

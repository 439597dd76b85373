import { isBatchProvider } from '@kusion/sdk';
import type { Provider } from '@kusion/sdk';
import type { LoadedProviders } from '../plugins/provider-loader.js';

/**
 * Names the batch each resource type belongs to: one batch per batch provider, even when it owns
 * several types (named after the first of them); undefined for resource providers.
 */
export function createBatchGrouping(
  providers: LoadedProviders,
): (type: string) => string | undefined {
  const groupOfProvider = new Map<Provider, string>();
  const groupOfType = new Map<string, string>();
  for (const type of [...providers.types].sort()) {
    const provider = providers.forType(type);
    if (!isBatchProvider(provider)) continue;
    let group = groupOfProvider.get(provider);
    if (group === undefined) {
      group = type;
      groupOfProvider.set(provider, group);
    }
    groupOfType.set(type, group);
  }
  return (type) => groupOfType.get(type);
}

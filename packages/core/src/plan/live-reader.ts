/**
 * Reads the live objects of many resources: once per provider through `readMany` where the
 * provider offers it (one LIST per kind...), otherwise one `read` each, in parallel.
 */
import type { Attributes, IoHost, Provider, ProviderContext, Resource, ResourceState } from '@kusion/sdk';
import { walkGraph } from '../apply/graph-walk.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';

export interface ReadLiveRequest {
  readonly resources: readonly Resource[];
  readonly priorById: ReadonlyMap<string, ResourceState>;
  readonly providers: LoadedProviders;
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly concurrency: number;
  /** Read batch providers' resources too (drift); planning leaves them to the batch plan. */
  readonly includesBatch?: boolean;
}

export async function readLiveObjects(request: ReadLiveRequest): Promise<Map<string, Attributes | undefined>> {
  const { context, io, signal } = request;
  const live = new Map<string, Attributes | undefined>();
  const byProvider = new Map<Provider, Resource[]>();
  for (const resource of request.resources) {
    const provider = request.providers.forType(resource.type);
    const list = byProvider.get(provider);
    if (list) list.push(resource);
    else byProvider.set(provider, [resource]);
  }

  const oneByOne: { provider: Provider; resource: Resource }[] = [];
  await Promise.all(
    [...byProvider].map(async ([provider, resources]) => {
      if (provider.batch && !request.includesBatch) return; // batch providers plan from their own native view
      if (!provider.readMany) {
        for (const resource of resources) oneByOne.push({ provider, resource });
        return;
      }
      const items = resources.map((resource) => ({ resource, prior: request.priorById.get(resource.id) }));
      const result = await provider.readMany({ items, context, io, signal });
      for (const resource of resources) live.set(resource.id, result.get(resource.id));
    }),
  );

  const failures: unknown[] = [];
  await walkGraph({
    ids: oneByOne.map((_, index) => String(index)),
    dependenciesOf: () => [],
    concurrency: request.concurrency,
    signal,
    onSkipped: () => undefined,
    visit: async (key) => {
      const item = oneByOne[Number(key)];
      if (!item) return false;
      try {
        const prior = request.priorById.get(item.resource.id);
        const result = await item.provider.read({ resource: item.resource, prior, context, io, signal });
        live.set(item.resource.id, result.live);
        return true;
      } catch (error) {
        failures.push(error);
        return false;
      }
    },
  });
  if (failures.length) throw failures[0];
  signal.throwIfAborted();
  return live;
}

/**
 * Reads the live objects of many resources: once per provider through `readMany` (one LIST per
 * kind...) or a batch provider's `read`, otherwise one `read` each, in parallel.
 */
import { isBatchProvider } from '@kusion/sdk';
import type { Attributes, Provider, Resource, ResourceProvider, ResourceState } from '@kusion/sdk';
import { walkGraph } from '../graph/graph-walk.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { concurrencyOf } from '../run/run.js';
import type { Run } from '../run/run.js';

export interface ReadLiveRequest {
  readonly resources: readonly Resource[];
  readonly priorById: ReadonlyMap<string, ResourceState>;
  readonly providers: LoadedProviders;
  readonly run: Pick<Run, 'context' | 'io' | 'readSignal' | 'concurrency'>;
  /** Read batch providers' resources too (drift); planning leaves them to the batch plan. */
  readonly includesBatch?: boolean;
}

export async function readLiveObjects(
  request: ReadLiveRequest,
): Promise<Map<string, Attributes | undefined>> {
  const { context, io, readSignal: signal } = request.run;
  const live = new Map<string, Attributes | undefined>();
  const byProvider = new Map<Provider, Resource[]>();
  for (const resource of request.resources) {
    const provider = request.providers.forType(resource.type);
    const list = byProvider.get(provider);
    if (list) list.push(resource);
    else byProvider.set(provider, [resource]);
  }

  const itemsOf = (resources: readonly Resource[]) =>
    resources.map((resource) => ({ resource, prior: request.priorById.get(resource.id) }));
  const oneByOne: { provider: ResourceProvider; resource: Resource }[] = [];
  await Promise.all(
    [...byProvider].map(async ([provider, resources]) => {
      if (isBatchProvider(provider)) {
        if (!request.includesBatch) return; // batch providers plan from their own native view
        const result = await provider.read({ items: itemsOf(resources), context, io, signal });
        for (const resource of resources) live.set(resource.id, result.live.get(resource.id));
        return;
      }
      if (!provider.readMany) {
        for (const resource of resources) oneByOne.push({ provider, resource });
        return;
      }
      const result = await provider.readMany({ items: itemsOf(resources), context, io, signal });
      for (const resource of resources) live.set(resource.id, result.get(resource.id));
    }),
  );

  const failures: unknown[] = [];
  await walkGraph({
    ids: oneByOne.map((_, index) => String(index)),
    dependenciesOf: () => [],
    concurrency: concurrencyOf(request.run, request.providers),
    signal,
    onSkipped: () => undefined,
    visit: async (key) => {
      const item = oneByOne[Number(key)];
      if (!item) return false;
      try {
        const prior = request.priorById.get(item.resource.id);
        const result = await item.provider.read({
          resource: item.resource,
          prior,
          context,
          io,
          signal,
        });
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

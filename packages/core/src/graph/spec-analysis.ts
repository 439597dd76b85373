/**
 * The graph of a Spec with what its providers infer: each provider's `inferDependencies` is a pure
 * function of the resources, answering edges and facts; the facts travel with the graph, as data,
 * to the provider's plan and apply requests.
 */
import type { Attributes, InferredDependency, Provider, Resource } from '@kusion/sdk';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { buildResourceGraph } from './resource-graph.js';
import type { ResourceGraph } from './resource-graph.js';

export interface SpecAnalysis {
  readonly graph: ResourceGraph;
  /** Where a resource is written (`main.yaml:12`), for errors; undefined for generated ones. */
  locate(id: string): string | undefined;
  /** What the provider of a resource type returned as `facts` for this Spec. */
  factsOf(type: string): Attributes | undefined;
}

export function analyzeSpec(
  resources: readonly Resource[],
  providers: LoadedProviders,
  locate?: (id: string) => string | undefined,
  stacks?: ReadonlySet<string>,
): SpecAnalysis {
  const factsByProvider = new Map<Provider, Attributes | undefined>();
  const edges: InferredDependency[] = [];
  for (const type of providers.types) {
    const provider = providers.forType(type);
    if (factsByProvider.has(provider)) continue;
    const inference = provider.inferDependencies?.({ resources });
    factsByProvider.set(provider, inference?.facts);
    edges.push(...(inference?.edges ?? []));
  }
  const graph = buildResourceGraph(resources, {
    inferred: edges,
    ...(locate ? { locate } : {}),
    ...(stacks ? { stacks } : {}),
  });
  return {
    graph,
    locate: (id) => locate?.(id),
    factsOf: (type) =>
      providers.types.has(type) ? factsByProvider.get(providers.forType(type)) : undefined,
  };
}

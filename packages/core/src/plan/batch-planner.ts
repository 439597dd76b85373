/**
 * Plans the resources of a batch provider (CloudFormation, ARM) in one call: the provider's native
 * engine (a change set, a what-if) answers per resource. References between resources of the same
 * batch stay as strings for the native engine to wire (Ref, GetAtt); references to other providers
 * are resolved where known.
 */
import { KusionError } from '@kusion/sdk';
import type { ApplyOptions, IoHost, Provider, ProviderContext, Resource, ResourceState } from '@kusion/sdk';
import { formatAttributePath } from '../graph/attribute-path.js';
import { resolveReferences } from '../graph/references.js';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { PlanEntry } from './planner.js';
import { sensitivePathsOf } from './sensitive-paths.js';

export interface BatchPlanRequest {
  readonly provider: Provider;
  readonly memberIds: readonly string[];
  readonly priors: readonly ResourceState[];
  readonly graph: ResourceGraph;
  /** Resolves a reference to a resource outside the batch. */
  readonly lookup: (reference: ResourceReference) => ReferenceValue;
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly applyOptions: ApplyOptions;
}

export async function planBatch(request: BatchPlanRequest): Promise<PlanEntry[]> {
  const { provider, graph } = request;
  const batch = provider.batch;
  if (!batch) throw new KusionError('INTERNAL', 'planBatch called for a provider without a batch form');
  const members = new Set(request.memberIds);
  const resources: Resource[] = [];
  const unknownPaths = new Map<string, readonly string[]>();
  for (const id of request.memberIds) {
    const node = graph.nodes.get(id);
    if (!node) continue;
    const resolved = resolveBatchMember(node.resource, node.references, members, request.lookup);
    resources.push(resolved.resource);
    if (resolved.unknownPaths.length) unknownPaths.set(id, resolved.unknownPaths);
  }

  const { changes } = await batch.plan({
    resources,
    unknownPaths,
    priors: request.priors,
    referencedAttributes: referencedAttributesOf(graph, members),
    options: request.applyOptions,
    context: request.context,
    io: request.io,
    signal: request.signal,
  });

  const priorById = new Map(request.priors.map((p) => [p.id, p]));
  const entries: PlanEntry[] = [];
  for (const resource of resources) {
    const change = changes.get(resource.id);
    if (!change) {
      throw new KusionError('PROVIDER_FAILED', `the provider of "${resource.id}" did not plan it`, {
        hint: 'this is a bug in the provider: its batch plan must answer for every resource',
      });
    }
    entries.push({
      id: resource.id,
      type: resource.type,
      action: change.action,
      reason: change.reason,
      diff: change.diff ?? [],
      desired: resource,
      prior: priorById.get(resource.id),
      // Declared secrets are masked in the public plan, as for resources planned one by one.
      sensitivePaths: sensitivePathsOf(resource, undefined),
    });
  }
  for (const prior of request.priors) {
    if (members.has(prior.id)) continue;
    const change = changes.get(prior.id);
    entries.push({
      id: prior.id,
      type: prior.type,
      action: 'Delete',
      reason: change?.reason ?? 'removed from spec',
      diff: change?.diff ?? [],
      prior,
      sensitivePaths: prior.sensitivePaths ?? [],
    });
  }
  return entries;
}

/** For each batch member, the attribute paths that resources outside the batch reference. */
export function referencedAttributesOf(graph: ResourceGraph, members: ReadonlySet<string>): Map<string, readonly string[]> {
  const found = new Map<string, Set<string>>();
  for (const node of graph.nodes.values()) {
    if (members.has(node.resource.id)) continue;
    for (const reference of node.references) {
      if (!members.has(reference.targetId)) continue;
      const paths = found.get(reference.targetId) ?? new Set<string>();
      paths.add(formatAttributePath(reference.targetPath));
      found.set(reference.targetId, paths);
    }
  }
  return new Map([...found].map(([id, paths]) => [id, [...paths]]));
}

/** Resolves references to other providers; references inside the batch stay for the native engine. */
export function resolveBatchMember(
  resource: Resource,
  references: readonly ResourceReference[],
  members: ReadonlySet<string>,
  lookup: (reference: ResourceReference) => ReferenceValue,
): { readonly resource: Resource; readonly unknownPaths: readonly string[] } {
  const external = references.filter((r) => !members.has(r.targetId));
  const resolved = resolveReferences(resource.attributes, external, lookup);
  return { resource: { ...resource, attributes: resolved.attributes }, unknownPaths: resolved.unknownPaths };
}

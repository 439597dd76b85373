/**
 * Plans the resources of a batch provider (CloudFormation, ARM) in one call: the provider's native
 * engine (a change set, a what-if) answers per resource. References between resources of the same
 * batch stay as strings for the native engine to wire (Ref, GetAtt); references to other providers
 * are resolved where known. The engine masks every diff the provider returns: it never trusts a
 * provider to have masked.
 */
import { isBatchProvider, KusionError, formatAttributePath, maskDiff } from '@kusion/sdk';
import type { BatchProvider, Resource, ResourceState } from '@kusion/sdk';
import { resolveReferences } from '../graph/references.js';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { SpecAnalysis } from '../graph/spec-analysis.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import type { Run } from '../run/run.js';
import { resolveSecretSites } from '../secrets/resource-secrets.js';
import { decideDeletion } from './decide.js';
import type { PlanEntry } from './plan-entry.js';
import { sensitivePathsOf } from './sensitive-paths.js';

export interface PlanBatchRequest {
  readonly run: Run;
  readonly analysis: SpecAnalysis;
  /** The batch's name: the first resource type of its provider. */
  readonly group: string;
  readonly providers: LoadedProviders;
  readonly memberIds: readonly string[];
  readonly priors: readonly ResourceState[];
  /** Resolves a reference to a resource outside the batch. */
  readonly lookup: (reference: ResourceReference) => ReferenceValue;
}

export async function planBatch(request: PlanBatchRequest): Promise<PlanEntry[]> {
  const { run, analysis } = request;
  const { graph } = analysis;
  const provider = batchProviderFor(request.providers, request.group);
  const members = new Set(request.memberIds);
  const resources: Resource[] = [];
  const unknownPaths = new Map<string, readonly string[]>();
  for (const id of request.memberIds) {
    const node = graph.nodes.get(id);
    if (!node) continue;
    const resolved = resolveBatchMember(node.resource, node.references, members, request.lookup);
    // A secret that cannot be read yet is known after apply; apply reads it or fails naming it.
    const secrets = await resolveSecretSites(resolved.resource, run.resolveSecret, {
      tolerate: true,
    });
    resources.push({ ...resolved.resource, attributes: secrets.attributes });
    const unknown = [...resolved.unknownPaths, ...secrets.unresolvedPaths];
    if (unknown.length) unknownPaths.set(id, unknown);
  }

  const { changes } = await provider.plan({
    resources,
    unknownPaths,
    priors: request.priors,
    referencedAttributes: referencedAttributesOf(graph, members),
    options: run.applyOptions,
    facts: analysis.factsOf(request.group),
    context: run.context,
    io: run.io,
    signal: run.readSignal,
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
    const sensitivePaths = sensitivePathsOf(resource, change.sensitivePaths);
    entries.push({
      id: resource.id,
      type: resource.type,
      action: change.action,
      reason: change.reason,
      diff: maskDiff(change.diff ?? [], sensitivePaths),
      desired: resource,
      prior: priorById.get(resource.id),
      sensitivePaths,
    });
  }
  for (const prior of request.priors) {
    if (members.has(prior.id)) continue;
    const change = changes.get(prior.id);
    const entry = decideDeletion(prior, change?.reason);
    entries.push(
      change?.diff ? { ...entry, diff: maskDiff(change.diff, entry.sensitivePaths) } : entry,
    );
  }
  return entries;
}

/** The provider of a batch, which must be the batch kind. */
export function batchProviderFor(providers: LoadedProviders, group: string): BatchProvider {
  const provider = providers.forType(group);
  if (!isBatchProvider(provider)) {
    throw new KusionError('INTERNAL', `the provider of "${group}" is not a batch provider`);
  }
  return provider;
}

/** For each batch member, the attribute paths that resources outside the batch reference. */
export function referencedAttributesOf(
  graph: ResourceGraph,
  members: ReadonlySet<string>,
): Map<string, readonly string[]> {
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
  return {
    resource: { ...resource, attributes: resolved.attributes },
    unknownPaths: resolved.unknownPaths,
  };
}

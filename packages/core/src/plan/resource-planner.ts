/**
 * Plans the resources of resource providers, one by one in dependency order (so a reference to a
 * resource being created is known to be "known after apply"), from the live objects read first.
 */
import {
  createFieldMatcher,
  formatAttributePath,
  isBatchProvider,
  KusionError,
  isKusionError,
} from '@kusion/sdk';
import type { Resource, ResourceProvider, ResourceState } from '@kusion/sdk';
import { walkGraph } from '../graph/graph-walk.js';
import { resolveReferences } from '../graph/references.js';
import type { ResourceReference } from '../graph/references.js';
import type { SpecAnalysis } from '../graph/spec-analysis.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { concurrencyOf } from '../run/run.js';
import type { Run } from '../run/run.js';
import { resolveSecretSites } from '../secrets/resource-secrets.js';
import { decide } from './decide.js';
import { readLiveObjects } from './live-reader.js';
import type { PlanEntry } from './plan-entry.js';
import type { ReferenceLookup } from './reference-lookup.js';
import { sensitivePathsOf } from './sensitive-paths.js';

export interface PlanResourcesRequest {
  readonly run: Run;
  readonly analysis: SpecAnalysis;
  readonly ids: readonly string[];
  readonly priorById: ReadonlyMap<string, ResourceState>;
  readonly providers: LoadedProviders;
  /** Filled as resources are planned; read by `lookup`. */
  readonly entries: Map<string, PlanEntry>;
  readonly lookup: ReferenceLookup;
}

export async function planResources(request: PlanResourcesRequest): Promise<void> {
  if (request.run.skipPreview) {
    planWithoutPreview(request);
    return;
  }
  const { run, analysis, providers, entries, priorById } = request;
  const { graph } = analysis;
  const liveById = await readLiveObjects({
    resources: request.ids
      .map((id) => graph.nodes.get(id)?.resource)
      .filter((r) => r !== undefined),
    priorById,
    providers,
    run,
  });

  const failures: unknown[] = [];
  await walkGraph({
    ids: request.ids,
    dependenciesOf: (id) => graph.nodes.get(id)?.dependencies ?? [],
    concurrency: concurrencyOf(run, providers),
    signal: run.readSignal,
    onSkipped: () => undefined,
    visit: async (id) => {
      const node = graph.nodes.get(id);
      if (!node) return false;
      try {
        const resolved = resolveReferences(
          node.resource.attributes,
          node.references,
          request.lookup,
        );
        // A secret this deploy creates (through a dependency) cannot be read yet: known after apply.
        const secrets = await resolveSecretSites(
          { type: node.resource.type, attributes: resolved.attributes },
          run.resolveSecret,
          { tolerate: node.dependencies.some((dep) => isPending(dep, entries, priorById)) },
        );
        const resource: Resource = { ...node.resource, attributes: secrets.attributes };
        const prior = priorById.get(id);
        const live = liveById.get(id);
        const result = await resourceProviderFor(providers, resource.type).plan({
          resource,
          unknownPaths: [...resolved.unknownPaths, ...secrets.unresolvedPaths],
          prior,
          live,
          options: run.applyOptions,
          facts: analysis.factsOf(resource.type),
          context: run.context,
          io: run.io,
          signal: run.readSignal,
        });
        const inherited = inheritedSensitivePaths(
          node.references,
          (target) => entries.get(target)?.sensitivePaths ?? priorById.get(target)?.sensitivePaths,
        );
        const sensitivePaths = sensitivePathsOf(resource, [
          ...(result.sensitivePaths ?? []),
          ...inherited,
        ]);
        entries.set(
          id,
          decide({
            resource,
            prior,
            live,
            predicted: result.predicted,
            replaceReason: result.replaceReason,
            updateReason: result.updateReason,
            sensitivePaths,
            ignore: run.ignore,
          }),
        );
        return true;
      } catch (error) {
        failures.push(wrapPlanError(id, error));
        return false;
      }
    },
  });
  if (failures.length) throw failures[0];
  run.readSignal.throwIfAborted();
}

/** Whether a dependency does not exist yet: planned for creation, or not planned and not in state. */
function isPending(
  id: string,
  entries: ReadonlyMap<string, PlanEntry>,
  priorById: ReadonlyMap<string, ResourceState>,
): boolean {
  const entry = entries.get(id);
  if (entry) return entry.action === 'Create' || entry.action === 'Replace';
  return !priorById.has(id);
}

/** The provider of a type, which must be the resource kind. */
export function resourceProviderFor(providers: LoadedProviders, type: string): ResourceProvider {
  const provider = providers.forType(type);
  if (isBatchProvider(provider)) {
    throw new KusionError(
      'INTERNAL',
      `the provider of "${type}" is a batch provider, asked for one resource`,
    );
  }
  return provider;
}

/**
 * `--skip-preview`: no read and no provider plan; every resource is applied as the Spec has it,
 * Create when it is not in state and Update when it is. What changed is told after apply, from
 * what the provider returns.
 */
function planWithoutPreview(request: PlanResourcesRequest): void {
  const { analysis, entries, priorById } = request;
  for (const id of request.ids) {
    const node = analysis.graph.nodes.get(id);
    if (!node) continue;
    const resolved = resolveReferences(node.resource.attributes, node.references, request.lookup);
    const resource: Resource = { ...node.resource, attributes: resolved.attributes };
    const prior = priorById.get(id);
    const inherited = inheritedSensitivePaths(
      node.references,
      (target) => entries.get(target)?.sensitivePaths ?? priorById.get(target)?.sensitivePaths,
    );
    entries.set(id, {
      id,
      type: resource.type,
      action: prior ? 'Update' : 'Create',
      reason: prior
        ? 'applied without a preview (--skip-preview)'
        : 'not in state (applied without a preview)',
      diff: [],
      desired: resource,
      prior,
      sensitivePaths: sensitivePathsOf(resource, inherited),
    });
  }
}

/**
 * A reference to a secret makes the referring attribute a secret too, so the value stays masked
 * and hashed wherever it is passed on.
 */
function inheritedSensitivePaths(
  references: readonly ResourceReference[],
  sensitivePathsOfTarget: (id: string) => readonly string[] | undefined,
): string[] {
  const inherited: string[] = [];
  for (const reference of references) {
    const targetPaths = sensitivePathsOfTarget(reference.targetId);
    if (!targetPaths?.length) continue;
    const matcher = createFieldMatcher(targetPaths);
    if (matcher.covers(reference.targetPath) || matcher.containsMatchBelow(reference.targetPath)) {
      inherited.push(formatAttributePath(reference.attributePath));
    }
  }
  return inherited;
}

/** A plan failure as a coded error that names the resource. */
export function wrapPlanError(id: string, error: unknown): unknown {
  if (isKusionError(error) && error.message.includes(id)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KusionError(
    isKusionError(error) ? error.code : 'PROVIDER_FAILED',
    `planning "${id}" failed: ${message}`,
    {
      cause: error,
      hint: isKusionError(error) ? error.hint : undefined,
    },
  );
}

/**
 * Plans a stack, three-way: the prior state, the planned (desired) object as the provider predicts
 * it, and the live object from `read`. Resources are planned in dependency order so that a
 * reference to a resource being created is known to be "known after apply".
 */
import { KusionError, isKusionError, isKusionPath } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  ChangeSummary,
  IoHost,
  Plan,
  PlannedChange,
  ProviderContext,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import { walkGraph } from '../apply/graph-walk.js';
import { formatAttributePath, getAtPath } from '../graph/attribute-path.js';
import { resolveReferences } from '../graph/references.js';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { planBatch } from './batch-planner.js';
import { createBatchGrouping } from './batch-groups.js';
import { diffForCreate, diffObjects } from './diff.js';
import { createFieldMatcher } from './field-matcher.js';
import type { FieldMatcher } from './field-matcher.js';
import { hashSensitive, isHashedSensitive, maskSensitive } from './sensitive-values.js';
import { readLiveObjects } from './live-reader.js';
import { sensitivePathsOf } from './sensitive-paths.js';

/** Everything the executor needs about one planned resource. */
export interface PlanEntry extends PlannedChange {
  readonly live?: Attributes | undefined;
  readonly predicted?: Attributes | undefined;
  readonly sensitivePaths: readonly string[];
}

export interface StackPlan {
  readonly plan: Plan;
  readonly entries: ReadonlyMap<string, PlanEntry>;
}

export interface PlanRequest {
  readonly graph: ResourceGraph;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly concurrency: number;
  readonly applyOptions: ApplyOptions;
  readonly ignoreFields?: readonly string[] | undefined;
  /** Plan only these ids and what they depend on; leave everything else alone. */
  readonly targets?: readonly string[] | undefined;
}

export async function planStack(request: PlanRequest): Promise<StackPlan> {
  const { graph, providers, context, io, signal } = request;
  const priorById = new Map(request.prior.map((r) => [r.id, r]));
  const ignore = createFieldMatcher(request.ignoreFields ?? []);
  const groupOfType = createBatchGrouping(providers);
  const groupOf = (id: string): string | undefined => {
    const type = graph.nodes.get(id)?.resource.type ?? priorById.get(id)?.type;
    return type === undefined ? undefined : groupOfType(type);
  };
  const included = selectTargets(graph, request.targets, groupOf);
  const desiredIds = graph.order.filter((id) => included.has(id));
  const perResourceIds = desiredIds.filter((id) => groupOf(id) === undefined);
  void io.notify({ level: 'info', code: 'PLAN_START', message: `Planning ${desiredIds.length} resources`, data: { total: desiredIds.length } });

  const liveById = await readLiveObjects({
    resources: perResourceIds.map((id) => graph.nodes.get(id)?.resource).filter((r) => r !== undefined),
    priorById,
    providers,
    context,
    io,
    signal,
    concurrency: request.concurrency,
  });

  const entries = new Map<string, PlanEntry>();
  const failures: unknown[] = [];
  const lookup = (reference: ResourceReference): ReferenceValue => {
    const target = entries.get(reference.targetId);
    if (target && (target.action === 'Create' || target.action === 'Replace')) return { isUnknown: true };
    for (const source of [target?.predicted, target?.live, priorById.get(reference.targetId)?.attributes]) {
      const found = getAtPath(source, reference.targetPath);
      if (found.found && !isKusionPath(found.value) && !isHashedSensitive(found.value)) return { value: found.value };
    }
    return { isUnknown: true };
  };

  await walkGraph({
    ids: perResourceIds,
    dependenciesOf: (id) => graph.nodes.get(id)?.dependencies ?? [],
    concurrency: request.concurrency,
    signal,
    onSkipped: () => undefined,
    visit: async (id) => {
      const node = graph.nodes.get(id);
      if (!node) return false;
      try {
        const resolved = resolveReferences(node.resource.attributes, node.references, lookup);
        const resource: Resource = { ...node.resource, attributes: resolved.attributes };
        const prior = priorById.get(id);
        const live = liveById.get(id);
        const result = await providers.forType(resource.type).plan({
          resource,
          unknownPaths: resolved.unknownPaths,
          prior,
          live,
          options: request.applyOptions,
          context,
          io,
          signal,
        });
        const inherited = inheritedSensitivePaths(node.references, (target) => entries.get(target)?.sensitivePaths ?? priorById.get(target)?.sensitivePaths);
        const sensitivePaths = sensitivePathsOf(resource, [...(result.sensitivePaths ?? []), ...inherited]);
        entries.set(id, decide({ resource, prior, live, predicted: result.predicted, replaceReason: result.replaceReason, updateReason: result.updateReason, sensitivePaths, ignore }));
        return true;
      } catch (error) {
        failures.push(wrapPlanError(id, error));
        return false;
      }
    },
  });
  if (failures.length) throw failures[0];
  signal.throwIfAborted();

  const batchGroups = new Set<string>();
  for (const id of desiredIds) batchGroups.add(groupOf(id) ?? '');
  for (const prior of request.prior) {
    if (!request.targets?.length || request.targets.includes(prior.id)) batchGroups.add(groupOf(prior.id) ?? '');
  }
  batchGroups.delete('');
  for (const group of batchGroups) {
    const priors = request.prior.filter((p) => groupOf(p.id) === group);
    const batchEntries = await planBatch({
      provider: providers.forType(group),
      memberIds: desiredIds.filter((id) => groupOf(id) === group),
      priors,
      graph,
      lookup,
      context,
      io,
      signal,
      applyOptions: request.applyOptions,
    });
    for (const entry of batchEntries) entries.set(entry.id, entry);
  }

  for (const prior of request.prior) {
    if (groupOf(prior.id) !== undefined) continue;
    if (graph.nodes.has(prior.id) || (request.targets?.length && !request.targets.includes(prior.id))) continue;
    const sensitive = createFieldMatcher(prior.sensitivePaths ?? []);
    entries.set(prior.id, {
      id: prior.id,
      type: prior.type,
      action: 'Delete',
      reason: 'removed from spec',
      diff: diffObjects(prior.attributes, {}, { sensitive }),
      prior,
      sensitivePaths: prior.sensitivePaths ?? [],
    });
  }

  const changes = [...entries.values()].map(toPublicChange);
  return {
    plan: { project: context.project, stack: context.stack, workspace: context.workspace, changes, summary: summarize(changes) },
    entries,
  };
}

interface Decision {
  readonly resource: Resource;
  readonly prior: ResourceState | undefined;
  readonly live: Attributes | undefined;
  readonly predicted: Attributes;
  readonly replaceReason: string | undefined;
  readonly updateReason: string | undefined;
  readonly sensitivePaths: readonly string[];
  readonly ignore: FieldMatcher;
}

function decide(d: Decision): PlanEntry {
  const sensitive = createFieldMatcher(d.sensitivePaths);
  const base = {
    id: d.resource.id,
    type: d.resource.type,
    desired: d.resource,
    prior: d.prior,
    live: d.live,
    predicted: d.predicted,
    sensitivePaths: d.sensitivePaths,
  };
  if (!d.live) {
    return {
      ...base,
      action: 'Create',
      reason: d.prior ? 'deleted outside Kusion: it will be recreated' : 'not in state',
      diff: diffForCreate(d.predicted, { ignore: d.ignore, sensitive }),
    };
  }
  const diff = diffObjects(d.live, d.predicted, { ignore: d.ignore, sensitive });
  if (!diff.length && d.updateReason) {
    return d.prior
      ? { ...base, action: 'Update', reason: d.updateReason, diff }
      : { ...base, action: 'Update', reason: `exists outside Kusion: it will be adopted (${d.updateReason})`, diff, isAdoption: true };
  }
  if (!diff.length) {
    return d.prior
      ? { ...base, action: 'UnChanged', reason: 'up to date', diff }
      : { ...base, action: 'UnChanged', reason: 'exists and matches the spec: it will be adopted', diff, isAdoption: true };
  }
  if (d.replaceReason) return { ...base, action: 'Replace', reason: d.replaceReason, diff, isAdoption: !d.prior };
  if (!d.prior) return { ...base, action: 'Update', reason: 'exists outside Kusion: it will be adopted and updated', diff, isAdoption: true };
  const specChanged = diffObjects(d.prior.attributes, hashSensitive(d.resource.id, d.predicted, sensitive), { ignore: d.ignore }).length > 0;
  return { ...base, action: 'Update', reason: specChanged ? 'spec changed' : 'live object changed outside Kusion (drift)', diff };
}

/** The targets and everything they depend on; a batch is deployed whole, so one member brings all. */
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
    const target = reference.targetPath.join('.');
    const isSecret = targetPaths.some((p) => createFieldMatcher([p]).covers(reference.targetPath) || p.startsWith(`${target}.`));
    if (isSecret) inherited.push(formatAttributePath(reference.attributePath));
  }
  return inherited;
}

/** What leaves the engine (hooks, IoHost, results): no live or predicted objects, secrets masked. */
function toPublicChange(entry: PlanEntry): PlannedChange {
  const sensitive = createFieldMatcher(entry.sensitivePaths);
  const desired = entry.desired && !sensitive.isEmpty ? { ...entry.desired, attributes: maskSensitive(entry.desired.attributes, [], sensitive) as Attributes } : entry.desired;
  return {
    id: entry.id,
    type: entry.type,
    action: entry.action,
    reason: entry.reason,
    diff: entry.diff,
    ...(desired ? { desired } : {}),
    ...(entry.prior ? { prior: entry.prior } : {}),
    ...(entry.isAdoption ? { isAdoption: true } : {}),
  };
}

function selectTargets(
  graph: ResourceGraph,
  targets: readonly string[] | undefined,
  groupOf: (id: string) => string | undefined,
): ReadonlySet<string> {
  if (!targets?.length) return new Set(graph.order);
  const selected = new Set<string>();
  const groups = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as string;
    if (selected.has(id)) continue;
    selected.add(id);
    stack.push(...(graph.nodes.get(id)?.dependencies ?? []));
    const group = groupOf(id);
    if (group !== undefined && !groups.has(group)) {
      groups.add(group);
      stack.push(...graph.order.filter((member) => groupOf(member) === group));
    }
  }
  return selected;
}

function wrapPlanError(id: string, error: unknown): unknown {
  if (isKusionError(error) && error.message.includes(id)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KusionError(isKusionError(error) ? error.code : 'PROVIDER_FAILED', `planning "${id}" failed: ${message}`, {
    cause: error,
    hint: isKusionError(error) ? error.hint : undefined,
  });
}

export function summarize(changes: readonly { readonly action: PlannedChange['action'] }[]): ChangeSummary {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const change of changes) {
    switch (change.action) {
      case 'Create':
        summary.create++;
        break;
      case 'Update':
        summary.update++;
        break;
      case 'Replace':
        summary.replace++;
        break;
      case 'Delete':
        summary.delete++;
        break;
      case 'UnChanged':
        summary.unchanged++;
        break;
    }
  }
  return summary;
}

/**
 * Plans a stack, three-way: the prior state, the planned (desired) object as the provider predicts
 * it, and the live object. Resource providers plan one resource at a time in dependency order;
 * each batch provider plans its whole batch in one call. The batch grouping is computed here, once,
 * and carried by the plan to the executor.
 */
import { maskSensitive, createFieldMatcher } from '@kusion/sdk';
import type { Attributes, PlannedChange, ResourceState } from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import type { SpecAnalysis } from '../graph/spec-analysis.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import type { Run } from '../run/run.js';
import { createBatchGrouping } from './batch-groups.js';
import { planBatch } from './batch-planner.js';
import { planDeletions } from './deletion-planner.js';
import type { PlanEntry, StackPlan } from './plan-entry.js';
import { checkKnownReferences } from './reference-checks.js';
import { createPlanLookup } from './reference-lookup.js';
import { planResources } from './resource-planner.js';
import { summarize } from './summary.js';

export interface PlanStackRequest {
  readonly run: Run;
  readonly analysis: SpecAnalysis;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
}

export async function planStack(request: PlanStackRequest): Promise<StackPlan> {
  const { run, analysis, providers } = request;
  const { graph } = analysis;
  const priorById = new Map(request.prior.map((r) => [r.id, r]));
  const batchOfType = createBatchGrouping(providers);
  const batchOf = (id: string): string | undefined => {
    const type = graph.nodes.get(id)?.resource.type ?? priorById.get(id)?.type;
    return type === undefined ? undefined : batchOfType(type);
  };
  const isTargeted = (id: string): boolean => !run.targets.length || run.targets.includes(id);
  const included = selectTargets(graph, run.targets, batchOf);
  const desiredIds = graph.order.filter((id) => included.has(id));
  await run.io.notify({
    level: 'info',
    code: 'PLAN_START',
    message: `Planning ${desiredIds.length} resources`,
    data: { total: desiredIds.length },
  });

  const entries = new Map<string, PlanEntry>();
  const lookup = createPlanLookup(entries, priorById);
  await planResources({
    run,
    analysis,
    ids: desiredIds.filter((id) => batchOf(id) === undefined),
    priorById,
    providers,
    entries,
    lookup,
  });

  const batches = new Set<string>();
  for (const id of desiredIds) batches.add(batchOf(id) ?? '');
  for (const prior of request.prior) if (isTargeted(prior.id)) batches.add(batchOf(prior.id) ?? '');
  batches.delete('');
  for (const group of batches) {
    const batchEntries = await planBatch({
      run,
      analysis,
      group,
      providers,
      memberIds: desiredIds.filter((id) => batchOf(id) === group),
      priors: request.prior.filter((p) => batchOf(p.id) === group),
      lookup,
    });
    for (const entry of batchEntries) entries.set(entry.id, entry);
  }

  const deletions = request.prior.filter(
    (prior) =>
      batchOf(prior.id) === undefined && !graph.nodes.has(prior.id) && isTargeted(prior.id),
  );
  for (const entry of await planDeletions(run, deletions, providers)) entries.set(entry.id, entry);
  checkKnownReferences(graph, entries, priorById, (id) => analysis.locate(id), batchOf);

  // The desired values under sensitive paths are secrets: scrubbed from any text from now on —
  // except what the Spec shows in clear elsewhere (names, ids), which no scrubbing could hide.
  const { context: scope } = run;
  run.scrubber.declarePublic([scope.project, scope.stack, scope.workspace]);
  for (const entry of entries.values()) {
    if (!entry.desired) continue;
    run.scrubber.declarePublic(entry.id);
    const sensitive = createFieldMatcher(entry.sensitivePaths);
    run.scrubber.declarePublic(
      sensitive.isEmpty
        ? entry.desired.attributes
        : maskSensitive(entry.desired.attributes, sensitive),
    );
  }
  for (const entry of entries.values()) {
    if (entry.desired && entry.sensitivePaths.length)
      run.scrubber.addAtPaths(entry.desired.attributes, entry.sensitivePaths);
  }

  const changes = [...entries.values()].map(toPublicChange);
  const { context } = run;
  return {
    plan: {
      project: context.project,
      stack: context.stack,
      workspace: context.workspace,
      changes,
      summary: summarize(changes),
    },
    entries,
    analysis,
    batchOf,
  };
}

/** What leaves the engine (hooks, IoHost, results): no live or predicted objects, secrets masked. */
function toPublicChange(entry: PlanEntry): PlannedChange {
  const sensitive = createFieldMatcher(entry.sensitivePaths);
  const desired =
    entry.desired && !sensitive.isEmpty
      ? {
          ...entry.desired,
          attributes: maskSensitive(entry.desired.attributes, sensitive) as Attributes,
        }
      : entry.desired;
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

/** The targets and everything they depend on; a batch is deployed whole, so one member brings all. */
function selectTargets(
  graph: ResourceGraph,
  targets: readonly string[],
  batchOf: (id: string) => string | undefined,
): ReadonlySet<string> {
  if (!targets.length) return new Set(graph.order);
  const selected = new Set<string>();
  const groups = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as string;
    if (selected.has(id)) continue;
    selected.add(id);
    stack.push(...(graph.nodes.get(id)?.dependencies ?? []));
    const group = batchOf(id);
    if (group !== undefined && !groups.has(group)) {
      groups.add(group);
      stack.push(...graph.order.filter((member) => batchOf(member) === group));
    }
  }
  return selected;
}

/**
 * Carries out a plan: walks the execution nodes in parallel (dependencies first, deletions in
 * reverse), isolates failures (dependents are skipped, independent branches go on), and records
 * state after every resource operation through the journal.
 */
import type {
  ApplyOptions,
  Hooks,
  IoHost,
  ProviderContext,
  ResourceOutcome,
  ResourceState,
  StateJournal,
} from '@kusion/sdk';
import type { ResourceGraph } from '../graph/resource-graph.js';
import { createBatchGrouping } from '../plan/batch-groups.js';
import type { PlanEntry } from '../plan/planner.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { runBatchNode } from './batch-node.js';
import { outcomeOf } from './execution-context.js';
import type { ExecutionContext } from './execution-context.js';
import { buildExecutionPlan } from './execution-nodes.js';
import { walkGraph } from './graph-walk.js';
import type { SkipReason } from './graph-walk.js';
import { runResourceNode } from './resource-node.js';
import { createStateTracker } from './state-tracker.js';

export interface ExecuteRequest {
  readonly entries: ReadonlyMap<string, PlanEntry>;
  readonly graph: ResourceGraph;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
  readonly journal: StateJournal;
  readonly hooks: Hooks;
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly concurrency: number;
  readonly applyOptions: ApplyOptions;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
}

export interface ExecuteResult {
  /** In plan order. */
  readonly outcomes: readonly ResourceOutcome[];
  readonly state: readonly ResourceState[];
}

export async function executePlan(request: ExecuteRequest): Promise<ExecuteResult> {
  const { entries, graph, io, hooks, signal } = request;
  const outcomes = new Map<string, ResourceOutcome>();
  const execution: ExecutionContext = {
    ...request,
    state: createStateTracker(request.prior, graph, request.journal),
    applied: new Map(),
    async record(outcome) {
      outcomes.set(outcome.id, outcome);
      if (outcome.action !== 'UnChanged' || outcome.status !== 'succeeded') {
        await io.notify({
          level: outcome.status === 'failed' ? 'error' : 'info',
          code: 'RESOURCE_DONE',
          message: `${outcome.id}: ${outcome.action} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`,
          data: {
            id: outcome.id,
            action: outcome.action,
            status: outcome.status,
            durationMs: outcome.durationMs,
            ...(outcome.error === undefined ? {} : { error: outcome.error }),
          },
        });
      }
      if (hooks.resourceApplied.isUsed()) await hooks.resourceApplied.promise(outcome);
    },
  };

  const groupOfType = createBatchGrouping(request.providers);
  const groupOf = (id: string): string | undefined => {
    const type = entries.get(id)?.type;
    return type === undefined ? undefined : groupOfType(type);
  };
  const plan = buildExecutionPlan(entries, graph, request.prior, groupOf);
  const entriesOfGroup = (group: string): PlanEntry[] => [...entries.values()].filter((e) => groupOf(e.id) === group);
  const priorsOfGroup = (group: string): ResourceState[] => request.prior.filter((p) => groupOfType(p.type) === group);

  const membersOf = (nodeId: string): PlanEntry[] => {
    const node = plan.nodes.get(nodeId);
    if (!node) return [];
    const ids = node.kind === 'resource' ? [node.entryId] : node.entryIds;
    return ids.map((id) => entries.get(id)).filter((e) => e !== undefined);
  };

  await walkGraph({
    ids: [...plan.nodes.keys()],
    dependenciesOf: (nodeId) => plan.dependenciesOf(nodeId),
    concurrency: request.concurrency,
    signal,
    visit: async (nodeId) => {
      const node = plan.nodes.get(nodeId);
      if (!node) return false;
      if (node.kind === 'resource') {
        const entry = entries.get(node.entryId);
        return entry ? runResourceNode(execution, entry) : false;
      }
      return runBatchNode(execution, {
        node,
        groupEntries: entriesOfGroup(node.group),
        priors: priorsOfGroup(node.group),
        waveOf: plan.waveOf,
      });
    },
    onSkipped: (nodeId: string, reason: SkipReason) => {
      for (const entry of membersOf(nodeId)) {
        const error =
          reason.kind === 'cancelled' ? 'not started: the run was cancelled' : `dependency "${failedResource(reason.dependency)}" failed`;
        void execution.record(outcomeOf(entry, reason.kind === 'cancelled' ? 'cancelled' : 'skipped', performance.now(), error));
      }
    },
  });

  // A node that could never be scheduled (it should not happen) must still be reported.
  for (const entry of entries.values()) {
    if (!outcomes.has(entry.id)) {
      await execution.record(outcomeOf(entry, 'skipped', performance.now(), 'not scheduled: its dependencies did not complete'));
    }
  }

  return {
    outcomes: [...entries.keys()].map((id) => outcomes.get(id)).filter((o) => o !== undefined),
    state: execution.state.snapshot(),
  };

  function failedResource(nodeId: string): string {
    const node = plan.nodes.get(nodeId);
    if (node?.kind !== 'batch') return nodeId;
    const failed = node.entryIds.find((id) => outcomes.get(id)?.status === 'failed');
    return failed ?? node.entryIds[0] ?? nodeId;
  }
}

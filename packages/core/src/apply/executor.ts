/**
 * Carries out a plan: walks the execution nodes in parallel (dependencies first, deletions in
 * reverse), isolates failures (dependents are skipped, independent branches go on), and records
 * state after every resource operation through the journal.
 */
import type { ResourceOutcome, ResourceState, StateJournal } from '@kusion/sdk';
import { walkGraph } from '../graph/graph-walk.js';
import type { SkipReason } from '../graph/graph-walk.js';
import type { PlanEntry, StackPlan } from '../plan/plan-entry.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { concurrencyOf } from '../run/run.js';
import type { Run } from '../run/run.js';
import { runBatchNode } from './batch-node.js';
import { outcomeOf } from './execution-context.js';
import type { ExecutionContext } from './execution-context.js';
import { buildExecutionPlan } from './execution-nodes.js';
import { runResourceNode } from './resource-node.js';
import { createStateTracker } from './state-tracker.js';

export interface ExecuteRequest {
  readonly run: Run;
  readonly stackPlan: StackPlan;
  readonly prior: readonly ResourceState[];
  readonly providers: LoadedProviders;
  readonly journal: StateJournal;
  /** Told when the journal refuses an entry: the run must stop, it can no longer record. */
  readonly onJournalFailure?: (error: unknown) => void;
}

export interface ExecuteResult {
  /** In plan order. */
  readonly outcomes: readonly ResourceOutcome[];
  readonly state: readonly ResourceState[];
}

export async function executePlan(request: ExecuteRequest): Promise<ExecuteResult> {
  const { run, stackPlan } = request;
  const { entries } = stackPlan;
  const outcomes = new Map<string, ResourceOutcome>();
  const execution: ExecutionContext = {
    run,
    stackPlan,
    providers: request.providers,
    state: createStateTracker(
      request.prior,
      stackPlan.analysis.graph,
      request.journal,
      request.onJournalFailure,
    ),
    applied: new Map(),
    retries: new Map(),
    async record(recorded) {
      // Retries of a batch member are those of its batch node.
      const node = stackPlan.batchOf(recorded.id);
      const retries =
        execution.retries.get(recorded.id) ??
        [...execution.retries].find(
          ([id]) => node !== undefined && id.startsWith(`batch:${node}:`),
        )?.[1];
      const outcome = retries ? { ...recorded, retries } : recorded;
      outcomes.set(outcome.id, outcome);
      // Every resource that was started is told done, even one an apply found unchanged.
      if (entries.get(outcome.id)?.action !== 'UnChanged' || outcome.status !== 'succeeded') {
        await run.io.notify({
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
      if (run.hooks.resourceApplied.isUsed()) await run.hooks.resourceApplied.promise(outcome);
    },
  };

  const plan = buildExecutionPlan(stackPlan, request.prior);
  const membersOf = (nodeId: string): PlanEntry[] => {
    const node = plan.nodes.get(nodeId);
    if (!node) return [];
    const ids = node.kind === 'resource' ? [node.entryId] : node.entryIds;
    return ids.map((id) => entries.get(id)).filter((e) => e !== undefined);
  };
  const skipped: Promise<void>[] = [];

  await walkGraph({
    ids: [...plan.nodes.keys()],
    dependenciesOf: (nodeId) => plan.dependenciesOf(nodeId),
    concurrency: concurrencyOf(run, request.providers),
    signal: run.stopSignal,
    visit: async (nodeId) => {
      const node = plan.nodes.get(nodeId);
      if (!node) return false;
      if (node.kind === 'resource') {
        const entry = entries.get(node.entryId);
        return entry ? runResourceNode(execution, entry) : false;
      }
      return runBatchNode(execution, {
        node,
        groupEntries: [...entries.values()].filter((e) => stackPlan.batchOf(e.id) === node.group),
        priors: request.prior.filter((p) => stackPlan.batchOf(p.id) === node.group),
        waveOf: plan.waveOf,
      });
    },
    onSkipped: (nodeId: string, reason: SkipReason) => {
      for (const entry of membersOf(nodeId)) {
        const error =
          reason.kind === 'cancelled'
            ? `not started: ${run.stopReason() ?? 'the run was stopped'}`
            : `dependency "${failedResource(reason.dependency)}" failed`;
        skipped.push(
          execution.record(
            outcomeOf(
              entry,
              reason.kind === 'cancelled' ? 'cancelled' : 'skipped',
              performance.now(),
              error,
            ),
          ),
        );
      }
    },
  });
  await Promise.all(skipped);

  // A node that could never be scheduled (it should not happen) must still be reported.
  for (const entry of entries.values()) {
    if (!outcomes.has(entry.id)) {
      await execution.record(
        outcomeOf(
          entry,
          'skipped',
          performance.now(),
          'not scheduled: its dependencies did not complete',
        ),
      );
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

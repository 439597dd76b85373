/**
 * Carries out a plan: walks the graph in parallel (dependencies first, deletions in reverse),
 * resolves references from applied state just in time, isolates failures, retries transient
 * errors, and records state after every resource operation through the journal.
 */
import { KusionError } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  ChangeAction,
  Hooks,
  IoHost,
  OutcomeStatus,
  Provider,
  ProviderContext,
  ResourceOutcome,
  ResourceState,
  StateJournal,
} from '@kusion/sdk';
import { getAtPath } from '../graph/attribute-path.js';
import { resolveReferences } from '../graph/references.js';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { ResourceGraph } from '../graph/resource-graph.js';
import { isHashedSensitive } from '../plan/sensitive-values.js';
import type { PlanEntry } from '../plan/planner.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { walkGraph } from './graph-walk.js';
import type { SkipReason } from './graph-walk.js';
import { waitUntilReady } from './readiness.js';
import { failureMessage, withRetry } from './retry.js';
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
  const { entries, graph, providers, context, io, hooks, signal } = request;
  const state = createStateTracker(request.prior, graph, request.journal);
  const applied = new Map<string, Attributes>();
  const outcomes = new Map<string, ResourceOutcome>();
  const priorDependents = reverseDependencies(request.prior);

  const lookup = (reference: ResourceReference): ReferenceValue => {
    const source = applied.get(reference.targetId) ?? state.get(reference.targetId)?.attributes;
    const found = getAtPath(source, reference.targetPath);
    if (!found.found || isHashedSensitive(found.value)) {
      throw new KusionError(
        'PROVIDER_FAILED',
        `cannot resolve ${reference.text}: "${reference.targetId}" has no value at that path${isHashedSensitive(found.value) ? ' in clear text (it is sensitive and only its hash is stored)' : ''}`,
        { hint: 'check the attribute path against the applied object (kusion release show)' },
      );
    }
    return { value: found.value };
  };

  const record = async (outcome: ResourceOutcome): Promise<void> => {
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
    await hooks.resourceApplied.promise(outcome);
  };

  const visit = async (id: string): Promise<boolean> => {
    const entry = entries.get(id);
    if (!entry) return false;
    const started = performance.now();
    const finish = async (status: OutcomeStatus, error?: string): Promise<boolean> => {
      await record({
        id,
        type: entry.type,
        action: entry.action,
        status,
        durationMs: Math.round(performance.now() - started),
        ...(error === undefined ? {} : { error }),
      });
      return status === 'succeeded';
    };
    if (entry.action === 'UnChanged') {
      if (entry.live) applied.set(id, entry.live);
      if (entry.isAdoption && entry.desired && entry.live) await state.put(entry.desired, entry.live, entry.sensitivePaths);
      return finish('succeeded');
    }
    await io.notify({ level: 'info', code: 'RESOURCE_START', message: `${id}: ${entry.action}`, data: { id, action: entry.action } });
    try {
      await operate(entry, providers.forType(entry.type));
      return await finish('succeeded');
    } catch (error) {
      return finish(signal.aborted ? 'cancelled' : 'failed', failureMessage(error));
    }
  };

  const operate = async (entry: PlanEntry, provider: Provider): Promise<void> => {
    const report = (status: string): void => {
      void io.notify({ level: 'info', code: 'RESOURCE_PROGRESS', message: `${entry.id}: ${status}`, data: { id: entry.id, status } });
    };
    const retrying = <T>(action: ChangeAction, operation: () => Promise<T>): Promise<T> =>
      withRetry({
        id: entry.id,
        type: entry.type,
        action,
        hooks,
        signal,
        maxRetries: request.maxRetries,
        baseDelayMs: request.retryBaseDelayMs,
        operation,
        onRetry: (attempt, delayMs, error) => {
          void io.notify({
            level: 'warn',
            code: 'RESOURCE_RETRY',
            message: `${entry.id}: retry ${attempt} in ${delayMs} ms after: ${failureMessage(error)}`,
            data: { id: entry.id, attempt, delayMs, error: failureMessage(error) },
          });
        },
      });
    const base = { context, io, signal, options: request.applyOptions, report };

    if (entry.action === 'Delete' || entry.action === 'Replace') {
      const existing = entry.prior ?? (entry.desired && entry.live ? { ...entry.desired, attributes: entry.live } : undefined);
      if (existing) {
        await retrying('Delete', () => provider.delete({ ...base, resource: existing }));
        await state.remove(entry.id);
      }
    }
    if (entry.action === 'Delete' || !entry.desired) return;

    const node = graph.nodes.get(entry.id);
    const resolved = resolveReferences(entry.desired.attributes, node?.references ?? [], lookup);
    const resource = { ...entry.desired, attributes: resolved.attributes };
    const action = entry.action === 'Update' ? 'Update' : entry.action === 'Replace' ? 'Replace' : 'Create';
    const result = await retrying(action, () => provider.apply({ ...base, resource, prior: entry.prior, action }));
    const sensitivePaths = [...new Set([...entry.sensitivePaths, ...(result.sensitivePaths ?? [])])];
    applied.set(entry.id, result.attributes);
    await state.put(resource, result.attributes, sensitivePaths);
    if (request.applyOptions.watch && provider.watch) {
      await waitUntilReady({ provider, resource: state.get(entry.id) ?? { ...resource, attributes: result.attributes }, base, report });
    }
  };

  await walkGraph({
    ids: [...entries.keys()],
    dependenciesOf: (id) =>
      entries.get(id)?.action === 'Delete' ? (priorDependents.get(id) ?? []) : (graph.nodes.get(id)?.dependencies ?? []),
    concurrency: request.concurrency,
    signal,
    visit,
    onSkipped: (id: string, reason: SkipReason) => {
      const entry = entries.get(id);
      if (!entry) return;
      void record({
        id,
        type: entry.type,
        action: entry.action,
        status: reason.kind === 'cancelled' ? 'cancelled' : 'skipped',
        durationMs: 0,
        error: reason.kind === 'cancelled' ? 'not started: the run was cancelled' : `dependency "${reason.dependency}" failed`,
      });
    },
  });

  return {
    outcomes: [...entries.keys()].map((id) => outcomes.get(id)).filter((o) => o !== undefined),
    state: state.snapshot(),
  };
}

/** For each resource in state, the resources that depended on it: deleted (or updated) first. */
function reverseDependencies(prior: readonly ResourceState[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const resource of prior) {
    for (const dependency of resource.dependsOn ?? []) {
      const list = dependents.get(dependency);
      if (list) list.push(resource.id);
      else dependents.set(dependency, [resource.id]);
    }
  }
  return dependents;
}

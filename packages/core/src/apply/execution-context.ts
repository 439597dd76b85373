/** What every node of an execution shares: the run, the plan, providers, state, applied values. */
import { getAtPath, KusionError } from '@kusion/sdk';
import type { Attributes, ChangeAction, OutcomeStatus, ResourceOutcome } from '@kusion/sdk';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { PlanEntry, StackPlan } from '../plan/plan-entry.js';
import { isHashedSensitive } from '@kusion/backend-kit';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { isTimeoutAbort } from '../run/run.js';
import type { Run } from '../run/run.js';
import { failureMessage, withRetry } from './retry.js';
import type { StateTracker } from './state-tracker.js';

export interface ExecutionContext {
  readonly run: Run;
  readonly stackPlan: StackPlan;
  readonly providers: LoadedProviders;
  readonly state: StateTracker;
  /** Attributes applied in this run (clear values), by id. */
  readonly applied: Map<string, Attributes>;
  /** Retries of transient failures, by resource or batch node id. */
  readonly retries: Map<string, number>;
  /** Records how one resource ended: message, outcome list, hook. */
  record(outcome: ResourceOutcome): Promise<void>;
}

/** Resolves a reference from what this run applied, else from state; fails when there is no value. */
export function lookupApplied(
  execution: ExecutionContext,
): (reference: ResourceReference) => ReferenceValue {
  return (reference) => {
    const source =
      execution.applied.get(reference.targetId) ??
      execution.state.get(reference.targetId)?.attributes;
    const found = getAtPath(source, reference.targetPath);
    if (!found.found || isHashedSensitive(found.value)) {
      const why = isHashedSensitive(found.value)
        ? ' in clear text (it is sensitive and only its hash is stored)'
        : '';
      throw new KusionError(
        'PROVIDER_FAILED',
        `cannot resolve ${reference.text}: "${reference.targetId}" has no value at that path${why}`,
        {
          hint: 'check the attribute path against the applied object (`kusion release show`)',
        },
      );
    }
    return { value: found.value };
  };
}

/** Runs a provider call, retrying transient failures and telling the user about each retry. */
export function retrying<T>(
  execution: ExecutionContext,
  id: string,
  type: string,
  action: ChangeAction,
  operation: () => Promise<T>,
): Promise<T> {
  const { run } = execution;
  return withRetry({
    id,
    type,
    action,
    hooks: run.hooks,
    signal: run.stopSignal,
    maxRetries: run.maxRetries,
    baseDelayMs: run.retryBaseDelayMs,
    operation,
    onRetry: (attempt, delayMs, error) => {
      run.timings.countRetry(type);
      execution.retries.set(id, (execution.retries.get(id) ?? 0) + 1);
      return run.io.notify({
        level: 'warn',
        code: 'RESOURCE_RETRY',
        message: `${id}: retry ${attempt} in ${delayMs} ms after: ${failureMessage(error)}`,
        data: { id, attempt, delayMs, error: failureMessage(error) },
      });
    },
  });
}

/**
 * The `report` callback providers call: synchronous by contract, so the message is sent without
 * waiting; an IoHost must not throw, and one that rejects anyway loses only this progress line.
 */
export function reportProgress(execution: ExecutionContext, id: string): (status: string) => void {
  return (status) => {
    Promise.resolve(
      execution.run.io.notify({
        level: 'info',
        code: 'RESOURCE_PROGRESS',
        message: `${id}: ${status}`,
        data: { id, status },
      }),
    ).catch(() => undefined);
  };
}

export async function notifyStart(execution: ExecutionContext, entry: PlanEntry): Promise<void> {
  await execution.run.io.notify({
    level: 'info',
    code: 'RESOURCE_START',
    message: `${entry.id}: ${entry.action}`,
    data: { id: entry.id, action: entry.action },
  });
}

/**
 * How an operation that threw ended: `unknown` when its provider call was aborted (a second
 * Ctrl-C, the grace period after a stop): the resource may or may not have changed. A failure of
 * its own, or a `--timeout`, is `failed`.
 */
export function failureStatus(execution: ExecutionContext): 'failed' | 'unknown' {
  const { abortSignal } = execution.run;
  return abortSignal.aborted && !isTimeoutAbort(abortSignal) ? 'unknown' : 'failed';
}

/** One line saying why an operation ended as it did, naming the deadline or the abort. */
export function failureText(
  execution: ExecutionContext,
  error: unknown,
  status: 'failed' | 'unknown',
): string {
  const { run } = execution;
  const message = failureMessage(error);
  if (status === 'unknown') {
    const reason: unknown = run.abortSignal.reason;
    const why = reason instanceof Error ? reason.message : 'the run was aborted';
    return `aborted in flight (${why}): its outcome is unknown, so it is recorded as pending and read back by the next run`;
  }
  if (isTimeoutAbort(run.abortSignal) || isTimeoutAbort(run.stopSignal)) {
    return `timed out: ${run.stopReason() ?? 'the run timed out'} (${message})`;
  }
  return message;
}

export function outcomeOf(
  entry: PlanEntry,
  status: OutcomeStatus,
  startedAt: number,
  error?: string,
): ResourceOutcome {
  return {
    id: entry.id,
    type: entry.type,
    action: entry.action,
    status,
    durationMs: Math.round(performance.now() - startedAt),
    ...(error === undefined ? {} : { error }),
  };
}

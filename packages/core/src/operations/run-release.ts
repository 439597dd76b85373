/**
 * Deploy, destroy and rollback share one life cycle: lock, plan, confirm, record a release, apply
 * with state journaled per resource, fold the journal into the release, unlock. Every state write
 * carries the lock's fence: a run that lost its lock (taken over, removed with `release unlock`)
 * stops scheduling, is refused on its next write, and ends with the `LOCKED` error naming who took
 * the lock. A run stopped by the user (Ctrl-C, SIGTERM) lets operations in flight finish within
 * the grace period, records them, and marks the release failed.
 */
import { hostname } from 'node:os';
import { isKusionError, KusionError, LockError } from '@kusion/sdk';
import type {
  ApplySummary,
  LockInfo,
  Plan,
  Provider,
  Release,
  ReleaseOperation,
  ReleaseWriteOptions,
  ResourceOutcome,
  RunTimings,
  Spec,
} from '@kusion/sdk';
import { executePlan } from '../apply/executor.js';
import { summarize } from '../plan/summary.js';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import { acquireRunLock } from '../release/run-lock.js';
import type { RunLock } from '../release/run-lock.js';
import type { RunOptions } from '../run/run.js';
import { sealSpec } from '../secrets/sealed-values.js';
import { prepareChange } from './prepare-change.js';
import type { StackSession } from './stack-session.js';

export interface ChangeOptions extends RunOptions {
  /** Apply without asking. */
  readonly yes?: boolean | undefined;
  /** Plan and stop. */
  readonly dryRun?: boolean | undefined;
  /** How long to wait for another run's lock; default 0 (fail at once). */
  readonly lockTimeoutMs?: number | undefined;
  /** Take the lock even from a run that looks alive (it is fenced out). */
  readonly forceUnlock?: boolean | undefined;
}

export interface ReleaseResult extends ApplySummary {
  readonly plan: Plan;
  /** True when nothing was applied because of --dry-run. */
  readonly isDryRun: boolean;
  /** False when the plan had nothing to do (no release recorded). */
  readonly hasChanges: boolean;
  /** Where the run spent its time; absent when nothing was applied. */
  readonly timings?: RunTimings;
}

export interface RunReleaseRequest {
  readonly session: StackSession;
  readonly operation: ReleaseOperation;
  readonly spec: Spec;
  readonly options: ChangeOptions;
  readonly rollbackOf?: number | undefined;
}

/** Runs one release; the result is scrubbed of every secret value the run handled. */
export async function runRelease(request: RunReleaseRequest): Promise<ReleaseResult> {
  return request.session.engine.scrubber.scrubDeep(await runLockedRelease(request));
}

async function runLockedRelease(request: RunReleaseRequest): Promise<ReleaseResult> {
  const { session, operation, spec, options } = request;
  const { engine, scope } = session;
  const started = performance.now();
  const lock = await acquireRunLock({
    backend: engine.backend,
    scope: { project: scope.project, workspace: scope.workspace },
    command: `kusion ${operation}`,
    io: engine.io,
    signal: engine.signal,
    waitMs: options.lockTimeoutMs ?? 0,
    force: options.forceUnlock ?? false,
    user: engine.user,
  });
  const write: ReleaseWriteOptions = { fence: lock.fence };
  /** Aborted when the journal refuses an entry: nothing more can be recorded. */
  const halt = new AbortController();
  try {
    await closeInterrupted(session, write);
    const run = session.createRun(options, [lock.lostSignal, halt.signal]);
    const prepared = await prepareChange(session, spec, run);
    const { stackPlan, latest } = prepared;
    const plan = stackPlan.plan;
    const unchangedResult = (isDryRun: boolean): ReleaseResult => ({
      status: 'succeeded',
      revision: latest?.revision ?? 0,
      summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: plan.summary.unchanged },
      resources: [],
      durationMs: Math.round(performance.now() - started),
      plan,
      isDryRun,
      hasChanges: prepared.hasChanges,
    });
    try {
      if (!prepared.hasChanges) return unchangedResult(false);
      if (options.dryRun) return unchangedResult(true);
      if (!options.yes) {
        const isConfirmed = await engine.io.requestResponse({
          code: 'CONFIRM_APPLY',
          message: `Do you want to ${operation} these changes?`,
          defaultResponse: false,
          data: { plan },
        });
        if (!isConfirmed)
          throw new KusionError('CANCELLED', `${operation} cancelled: nothing was changed`);
      }
      const veto = await engine.hooks.beforeApply.promise(plan);
      if (veto)
        throw new KusionError('PLAN_VETOED', `${operation} stopped by a plugin: ${veto.reason}`);

      const sensitivePathsOf = (id: string): readonly string[] =>
        stackPlan.entries.get(id)?.sensitivePaths ?? [];
      const hasSecrets = spec.resources.some((r) => sensitivePathsOf(r.id).length > 0);
      const storedSpec = hasSecrets
        ? sealSpec(spec, sensitivePathsOf, await engine.sealing.current())
        : spec;
      const release = newRelease(session, operation, storedSpec, latest, request.rollbackOf);
      const { timings } = engine;
      const journal = await timings.measure('record', async () => {
        await engine.backend.releases.create(release, write);
        return engine.backend.releases.openJournal(scope, release.revision, write);
      });
      const total = plan.changes.filter((c) => c.action !== 'UnChanged').length;
      await engine.io.notify({
        level: 'info',
        code: 'APPLY_START',
        message: `Applying ${total} changes (revision ${release.revision})`,
        data: { revision: release.revision, total, operation },
      });
      let executed;
      try {
        executed = await timings.measure('apply', () =>
          executePlan({
            run,
            stackPlan,
            prior: prepared.prior,
            providers: prepared.providers,
            journal,
            onJournalFailure: (error) => {
              halt.abort(error);
            },
          }),
        );
      } finally {
        // A journal that lost its fence has nothing left to write; its close only tidies up.
        await timings.measure('record', () =>
          journal.close().catch((error: unknown) => {
            if (!halt.signal.aborted && !lock.lostSignal.aborted) throw error;
          }),
        );
      }
      const lost = lostLockError(lock, halt.signal, executed.outcomes);
      if (lost) throw lost;
      const failed = executed.outcomes.filter((o) => o.status !== 'succeeded');
      const status = failed.length ? 'failed' : 'succeeded';
      const stopped = run.stopReason();
      const runTimings = timings.report({
        outcomes: executed.outcomes,
        providers: providersByType(prepared.providers),
      });
      try {
        await timings.measure('record', () =>
          engine.backend.releases.update(
            {
              ...release,
              phase: status,
              state: { resources: executed.state },
              modifiedAt: new Date().toISOString(),
              timings: runTimings,
              ...(failed.length ? { error: releaseError(failed, stopped) } : {}),
            },
            write,
          ),
        );
      } catch (error) {
        throw lostLockError(lock, halt.signal, executed.outcomes, error) ?? error;
      }
      const summary: ApplySummary = {
        status,
        revision: release.revision,
        summary: summarize(executed.outcomes.filter((o) => o.status === 'succeeded')),
        resources: executed.outcomes,
        durationMs: Math.round(performance.now() - started),
      };
      await engine.hooks.afterApply.promise(summary);
      return { ...summary, plan, isDryRun: false, hasChanges: true, timings: runTimings };
    } finally {
      await prepared.providers.closeAll();
    }
  } finally {
    await lock.release();
  }
}

function newRelease(
  session: StackSession,
  operation: ReleaseOperation,
  spec: Spec,
  latest: Release | undefined,
  rollbackOf: number | undefined,
): Release {
  const now = new Date().toISOString();
  return {
    ...session.scope,
    revision: (latest?.revision ?? 0) + 1,
    operation,
    phase: 'applying',
    spec,
    state: latest?.state ?? { resources: [] },
    createdAt: now,
    modifiedAt: now,
    user: session.engine.user,
    host: hostname(),
    ...(rollbackOf === undefined ? {} : { rollbackOf }),
  };
}

/** Why a release failed: the stop (Ctrl-C, SIGTERM, the deadline) if any, and the count. */
function releaseError(failed: readonly ResourceOutcome[], stopped: string | undefined): string {
  const count = `${failed.length} resource operation(s) did not succeed`;
  return stopped ? `interrupted (${stopped}): ${count}` : count;
}

/**
 * The `LOCKED` error a run that lost its lock ends with, naming who took it (or that it was
 * removed) and how far the run got; undefined when it did not lose it. `error`: a write that
 * failed, which may be the first sign of the loss.
 */
function lostLockError(
  lock: RunLock,
  halt: AbortSignal,
  outcomes: readonly ResourceOutcome[],
  error?: unknown,
): KusionError | undefined {
  const reasons: unknown[] = [lock.lostSignal.reason, halt.reason, error];
  const cause = reasons.find(
    (reason): reason is KusionError => isKusionError(reason) && reason.code === 'LOCKED',
  );
  if (!cause) return undefined;
  const finished = outcomes.filter((o) => o.status === 'succeeded' || o.status === 'failed').length;
  const message = `${cause.message}; this run stopped before its next write (${finished} of ${outcomes.length} operations had finished)`;
  const hint =
    'Nothing this run does from now on is recorded; check `kusion release list` for what the run holding the lock recorded, then run the command again.';
  // By shape, not instanceof: a backend plugin may bring its own copy of the sdk.
  const holder = (cause as { holder?: LockInfo }).holder;
  return holder
    ? new LockError(message, holder, false, { hint, cause })
    : new KusionError('LOCKED', message, { hint, cause });
}

/** A release left `applying` by a killed run is closed as failed; its journal is already in its state. */
async function closeInterrupted(session: StackSession, write: ReleaseWriteOptions): Promise<void> {
  const { backend, io } = session.engine;
  const latest = await backend.releases.latest(session.scope);
  if (!latest || (latest.phase !== 'applying' && latest.phase !== 'preparing')) return;
  await backend.releases.update(
    {
      ...latest,
      phase: 'failed',
      modifiedAt: new Date().toISOString(),
      error: 'interrupted: the run ended before finishing (killed, or lost its lock)',
    },
    write,
  );
  await io.notify({
    level: 'warn',
    code: 'RELEASE_INTERRUPTED',
    message: `Revision ${latest.revision} was interrupted; it is marked failed and its recorded state is kept`,
    data: { revision: latest.revision },
  });
}

/** Each resource type's provider, for the timings report. */
function providersByType(providers: LoadedProviders): Map<string, Provider> {
  return new Map([...providers.types].map((type) => [type, providers.forType(type)]));
}

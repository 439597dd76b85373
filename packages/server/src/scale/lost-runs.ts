/**
 * Runs whose worker died. pg-boss does the detecting: a worker refreshes the heartbeat of the job
 * it executes; when one goes silent past `heartbeatSeconds` (kill -9, a machine lost, a network
 * cut), pg-boss's supervisor fails the job, and — runs are never retried by the queue — moves it
 * to the dead-letter queue. Every API server and worker of the queue takes from that queue and
 * marks the run `failed`, naming the worker, unless it ended meanwhile. The run's workspace lock,
 * a lease the dead worker no longer renews, is taken over by the next run: at once on the same
 * host (its process is provably gone), after the lease expires elsewhere; that next deploy closes
 * the interrupted release as failed.
 */
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { RunError, RunRecord } from '../runs/run-record.js';
import type { RunStore } from '../runs/run-store.js';

export const LOST_RUNS_QUEUE = 'kusion-runs-lost';

/** Takes the dead-letter queue's jobs in this process; any number of processes may. */
export async function workLostRuns(boss: PgBoss, store: RunStore): Promise<void> {
  await boss.work(
    LOST_RUNS_QUEUE,
    { includeMetadata: true, batchSize: 10, pollingIntervalSeconds: 1 },
    async (jobs: JobWithMetadata<{ runId: string }>[]) => {
      for (const job of jobs) {
        const output = job.sourceOutput as { value?: { message?: unknown } } | null;
        const why = typeof output?.value?.message === 'string' ? output.value.message : 'failed';
        await markLost(store, job.data.runId, why);
      }
    },
  );
}

/** Marks the run failed with `WORKER_LOST` if it is still queued or running; answers whether. */
export async function markLost(store: RunStore, runId: string, why: string): Promise<boolean> {
  const run = await store.get(runId);
  if (!run) return false;
  const error = lostError(run, why);
  const marked = await store.update(
    runId,
    { status: 'failed', finishedAt: new Date().toISOString(), error },
    ['queued', 'running'],
  );
  if (!marked) return false;
  // The log says it too, for whoever follows it; a line the worker wrote meanwhile wins the seq.
  const last = (await store.events(runId, 0)).at(-1)?.seq ?? 0;
  await store
    .appendEvents(runId, [
      {
        seq: last + 1,
        time: new Date().toISOString(),
        level: 'error',
        code: 'WORKER_LOST',
        message: error.message,
      },
    ])
    .catch(() => undefined);
  return true;
}

function lostError(run: RunRecord, why: string): RunError {
  const reason = `pg-boss: "${why}"`;
  return {
    code: 'WORKER_LOST',
    message: run.worker
      ? `worker ${run.worker} stopped while executing this run (${reason}): the process was killed, or lost its database connection or its machine`
      : `the queue gave up on this run before a worker reported it (${reason})`,
    hint: 'start the run again: the next run of the workspace takes its lock over (at once on the same host, after the lock lease of a minute elsewhere) and closes the interrupted release as failed',
  };
}

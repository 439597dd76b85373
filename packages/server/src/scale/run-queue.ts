/**
 * Runs queued in PostgreSQL with pg-boss: API servers `send`, any number of `kusion serve
 * --worker` processes `work`. One job per run, never retried by the queue (a run that failed is
 * recorded failed; people decide to run it again). The workspace's lock, taken by the engine,
 * keeps one run per workspace applying: a worker whose run finds it held waits for it
 * (`lockTimeoutMs`). A worker refreshes its job's heartbeat; one that goes silent is declared
 * lost by pg-boss's supervisor and its run marked failed (`lost-runs.ts`).
 */
import { PgBoss } from 'pg-boss';
import { CancelledError, KusionError } from '@kusion/sdk';
import type { ProjectCatalog } from '../catalog/project-catalog.js';
import { executeRun, WORKER_NAME } from '../runs/run-executor.js';
import type { RunEngine } from '../runs/run-executor.js';
import type { RunDispatcher } from '../runs/run-dispatcher.js';
import { isFinished } from '../runs/run-record.js';
import type { RunStore } from '../runs/run-store.js';
import { LOST_RUNS_QUEUE, workLostRuns } from './lost-runs.js';

export const RUN_QUEUE = 'kusion-runs';

/** A worker silent this long is lost (pg-boss's minimum is 10). */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
/**
 * How often pg-boss's supervisor looks for silent and expired jobs (one process of the queue
 * does, each time): a lost worker's run is marked failed within heartbeat + this.
 */
const SUPERVISE_SECONDS = 5;

async function startBoss(connectionString: string, store: RunStore): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: 'kusion_queue',
    max: 4,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  });
  // pg-boss reports maintenance errors as events; without a listener Node would throw them.
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(LOST_RUNS_QUEUE, { retryLimit: 3, expireInSeconds: 60 });
  await boss.createQueue(RUN_QUEUE, { retryLimit: 0, expireInSeconds: 24 * 3600 });
  await workLostRuns(boss, store);
  return boss;
}

/** The API server's side: queue runs; cancel by flagging the record (the worker stops it). */
export async function createQueueDispatcher(
  connectionString: string,
  store: RunStore,
  heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS,
): Promise<RunDispatcher> {
  const boss = await startBoss(connectionString, store);
  return {
    async submit(run) {
      // Heartbeat and dead letter per job: the API server that queues a run decides, and every
      // worker follows what the job says.
      await boss.send(
        RUN_QUEUE,
        { runId: run.id },
        { heartbeatSeconds, deadLetter: LOST_RUNS_QUEUE, retryLimit: 0 },
      );
    },
    async cancel(id) {
      const run = await store.get(id);
      if (!run || isFinished(run.status)) return false;
      if (run.status === 'queued') {
        await store.update(id, { status: 'cancelled', finishedAt: new Date().toISOString() });
      } else {
        await store.update(id, { cancelRequested: true });
      }
      return true;
    },
    async close() {
      await boss.stop({ graceful: false, close: true });
    },
  };
}

export interface QueueWorker {
  /** Stops taking runs; cancels those in flight and waits for them to be recorded. */
  close(): Promise<void>;
}

export interface QueueWorkerOptions {
  readonly connectionString: string;
  readonly store: RunStore;
  readonly catalog: ProjectCatalog;
  readonly engine: RunEngine;
  readonly maxRuns: number;
}

/** A worker: takes runs from the queue, at most `maxRuns` at once, and executes them here. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { store } = options;
  const boss = await startBoss(options.connectionString, store);
  const inFlight = new Set<AbortController>();
  await boss.work<{ runId: string }>(
    RUN_QUEUE,
    { batchSize: 1, localConcurrency: options.maxRuns, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (!job) return;
      const run = await store.get(job.data.runId);
      // Cancelled while queued, or unknown: nothing to do.
      if (run?.status !== 'queued') return;
      const controller = new AbortController();
      inFlight.add(controller);
      // pg-boss aborts the job's signal when a heartbeat finds the job no longer ours (declared
      // lost while this process was cut off): stop, as the run is recorded failed elsewhere.
      const onLost = (): void => {
        controller.abort(
          new KusionError(
            'WORKER_LOST',
            `worker ${WORKER_NAME} lost this run: the queue received no heartbeat from it in time`,
            {
              hint: "check the worker's connection to the queue's database, then start the run again",
            },
          ),
        );
      };
      job.signal.addEventListener('abort', onLost, { once: true });
      const stopWatching = store.watch(run.id, () => {
        store.get(run.id).then(
          (current) => {
            if (current?.cancelRequested) {
              controller.abort(new CancelledError('cancelled through the API'));
            }
          },
          () => undefined,
        );
      });
      try {
        await executeRun({ ...options, run, signal: controller.signal });
      } finally {
        job.signal.removeEventListener('abort', onLost);
        stopWatching();
        inFlight.delete(controller);
      }
    },
  );
  return {
    async close() {
      await boss.offWork(RUN_QUEUE, { wait: false });
      for (const controller of inFlight) {
        controller.abort(new CancelledError('the worker is shutting down'));
      }
      await boss.stop({ graceful: true, close: true, timeout: 60_000 });
    },
  };
}

/**
 * Runs queued in PostgreSQL with pg-boss: API servers `send`, any number of `kusion serve
 * --worker` processes `work`. One job per run, never retried by the queue (a run that failed is
 * recorded failed; people decide to run it again). The workspace's lock, taken by the engine,
 * keeps one run per workspace applying: a worker whose run finds it held waits for it
 * (`lockTimeoutMs`).
 */
import { PgBoss } from 'pg-boss';
import { CancelledError } from '@kusion/sdk';
import type { ProjectCatalog } from '../catalog/project-catalog.js';
import { executeRun } from '../runs/run-executor.js';
import type { RunEngine } from '../runs/run-executor.js';
import type { RunDispatcher } from '../runs/run-dispatcher.js';
import { isFinished } from '../runs/run-record.js';
import type { RunStore } from '../runs/run-store.js';

export const RUN_QUEUE = 'kusion-runs';

async function startBoss(connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: 'kusion_queue', max: 4 });
  // pg-boss reports maintenance errors as events; without a listener Node would throw them.
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(RUN_QUEUE, { retryLimit: 0, expireInSeconds: 24 * 3600 });
  return boss;
}

/** The API server's side: queue runs; cancel by flagging the record (the worker stops it). */
export async function createQueueDispatcher(
  connectionString: string,
  store: RunStore,
): Promise<RunDispatcher> {
  const boss = await startBoss(connectionString);
  return {
    async submit(run) {
      await boss.send(RUN_QUEUE, { runId: run.id });
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
  const boss = await startBoss(options.connectionString);
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

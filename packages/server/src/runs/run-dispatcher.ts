/**
 * Who executes runs. The local dispatcher runs them in this process, at most `maxRuns` at once,
 * the rest waiting in order; the PostgreSQL one (`scale/`) queues them for any worker.
 */
import { CancelledError } from '@kusion/sdk';
import type { ProjectCatalog } from '../catalog/project-catalog.js';
import { executeRun } from './run-executor.js';
import type { RunEngine } from './run-executor.js';
import type { RunRecord } from './run-record.js';
import type { RunStore } from './run-store.js';

export interface RunDispatcher {
  /** Queues a run recorded in the store as `queued`. */
  submit(run: RunRecord): Promise<void>;
  /** Stops a queued or running run; false when it had already finished or is unknown. */
  cancel(id: string): Promise<boolean>;
  /** Stops taking runs, cancels those in flight, waits for them to be recorded. */
  close(): Promise<void>;
}

export interface LocalDispatcherOptions {
  readonly store: RunStore;
  readonly catalog: ProjectCatalog;
  readonly engine: RunEngine;
  readonly maxRuns: number;
}

export function createLocalDispatcher(options: LocalDispatcherOptions): RunDispatcher {
  const { store, maxRuns } = options;
  const waiting: RunRecord[] = [];
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let isClosed = false;

  const pump = (): void => {
    while (!isClosed && running.size < maxRuns) {
      const run = waiting.shift();
      if (!run) return;
      const controller = new AbortController();
      const done = executeRun({ ...options, run, signal: controller.signal }).finally(() => {
        running.delete(run.id);
        pump();
      });
      running.set(run.id, { controller, done });
    }
  };

  return {
    submit(run) {
      if (isClosed) return Promise.reject(new CancelledError('the server is shutting down'));
      waiting.push(run);
      pump();
      return Promise.resolve();
    },
    async cancel(id) {
      const index = waiting.findIndex((run) => run.id === id);
      if (index >= 0) {
        waiting.splice(index, 1);
        await store.update(id, { status: 'cancelled', finishedAt: new Date().toISOString() });
        return true;
      }
      const active = running.get(id);
      if (!active) return false;
      active.controller.abort(new CancelledError('cancelled through the API'));
      return true;
    },
    async close() {
      isClosed = true;
      for (const run of waiting.splice(0)) {
        await store.update(run.id, { status: 'cancelled', finishedAt: new Date().toISOString() });
      }
      for (const active of running.values()) {
        active.controller.abort(new CancelledError('the server is shutting down'));
      }
      await Promise.allSettled([...running.values()].map((active) => active.done));
    },
  };
}

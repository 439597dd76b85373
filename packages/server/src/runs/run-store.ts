/**
 * Where run records and their logs live: in memory for one process, in PostgreSQL when API
 * servers and workers share a queue (see `scale/`).
 */
import { EventEmitter } from 'node:events';
import type { RunEvent, RunRecord, RunStatus } from './run-record.js';

export interface RunStore {
  create(run: RunRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter: {
    readonly workspace?: string | undefined;
    readonly limit: number;
  }): Promise<RunRecord[]>;
  /**
   * Merges `patch` into the record; answers the new record. With `onlyIfStatus`, only while the
   * run's status is one of those (in one step: a run that just finished is left alone), else
   * answers undefined.
   */
  update(
    id: string,
    patch: Partial<RunRecord>,
    onlyIfStatus?: readonly RunStatus[],
  ): Promise<RunRecord | undefined>;
  appendEvents(id: string, events: readonly RunEvent[]): Promise<void>;
  /** Events with `seq` greater than `afterSeq`, in order. */
  events(id: string, afterSeq: number): Promise<RunEvent[]>;
  /** Calls `listener` when the run's record or log may have changed; answers how to stop. */
  watch(id: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export function createMemoryRunStore(): RunStore {
  const runs = new Map<string, RunRecord>();
  const logs = new Map<string, RunEvent[]>();
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  return {
    create(run) {
      runs.set(run.id, run);
      logs.set(run.id, []);
      changes.emit(run.id);
      return Promise.resolve();
    },
    get: (id) => Promise.resolve(runs.get(id)),
    list({ workspace, limit }) {
      const all = [...runs.values()]
        .filter((run) => workspace === undefined || run.workspace === workspace)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return Promise.resolve(all.slice(0, limit));
    },
    update(id, patch, onlyIfStatus) {
      const run = runs.get(id);
      if (!run || (onlyIfStatus && !onlyIfStatus.includes(run.status))) {
        return Promise.resolve(undefined);
      }
      const updated = { ...run, ...patch };
      runs.set(id, updated);
      changes.emit(id);
      return Promise.resolve(updated);
    },
    appendEvents(id, events) {
      logs.get(id)?.push(...events);
      changes.emit(id);
      return Promise.resolve();
    },
    events: (id, afterSeq) =>
      Promise.resolve((logs.get(id) ?? []).filter((event) => event.seq > afterSeq)),
    watch(id, listener) {
      changes.on(id, listener);
      return () => changes.off(id, listener);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Executes one run in this process through `createKusion` — the same engine, backend, locks and
 * providers as the CLI. Every engine message (already scrubbed of the run's secrets by the
 * engine) becomes a log line of the run; the result keeps only masked documents.
 */
import { hostname } from 'node:os';
import { createKusion } from '@kusion/core';
import { CancelledError, isKusionError } from '@kusion/sdk';
import type { Backend, IoHost, KusionPlugin } from '@kusion/sdk';
import type { ProjectCatalog } from '../catalog/project-catalog.js';
import {
  driftDocument,
  eventData,
  planDocument,
  releaseDocument,
  rolloutDocument,
} from './run-documents.js';
import type { RunError, RunEvent, RunRecord, RunStatus } from './run-record.js';
import type { RunStore } from './run-store.js';

export interface RunEngine {
  readonly kusionHome?: string | undefined;
  readonly backendName?: string | undefined;
  /** Shared by every run of the process (opened once). */
  readonly backend?: Backend | undefined;
  readonly plugins?: readonly KusionPlugin[] | undefined;
  readonly runTimeoutMs: number;
  readonly lockTimeoutMs: number;
}

export interface ExecuteRunRequest {
  readonly run: RunRecord;
  readonly catalog: ProjectCatalog;
  readonly store: RunStore;
  readonly engine: RunEngine;
  /** Cancel: stops scheduling; operations in flight finish within the engine's grace period. */
  readonly signal: AbortSignal;
}

export const WORKER_NAME = `${hostname()}:${String(process.pid)}`;

/** Runs it to the end; answers the final record. Never throws: failures are recorded. */
export async function executeRun(request: ExecuteRunRequest): Promise<RunRecord> {
  const { run, store, signal } = request;
  await store.update(run.id, {
    status: 'running',
    startedAt: new Date().toISOString(),
    worker: WORKER_NAME,
  });
  const log = createRunLog(store, run.id);
  let status: RunStatus;
  let result: unknown;
  let error: RunError | undefined;
  try {
    ({ status, result } = await perform(request, log.io));
  } catch (caught) {
    status = 'failed';
    error = describeError(caught);
  }
  // Stopped on purpose (the API, a shutdown) is `cancelled`; a worker that lost the run is not.
  const stop: unknown = signal.reason;
  if (signal.aborted && status === 'failed') {
    if (isKusionError(stop) && stop.code === 'WORKER_LOST') error = describeError(stop);
    else status = 'cancelled';
  }
  await log.flushed();
  const final = await store.update(run.id, {
    status,
    finishedAt: new Date().toISOString(),
    ...(result === undefined ? {} : { result }),
    ...(error === undefined ? {} : { error }),
  });
  return final ?? run;
}

async function perform(
  request: ExecuteRunRequest,
  io: IoHost,
): Promise<{ status: RunStatus; result: unknown }> {
  const { run, engine } = request;
  const kusion = createKusion({
    io,
    kusionHome: engine.kusionHome,
    backend: engine.backend,
    backendName: engine.backendName,
    plugins: engine.plugins,
  });
  const checkout = await request.catalog.checkout(run);
  try {
    return await performIn(checkout.dir, request, kusion);
  } finally {
    await checkout.release();
  }
}

async function performIn(
  workdir: string,
  request: ExecuteRunRequest,
  kusion: ReturnType<typeof createKusion>,
): Promise<{ status: RunStatus; result: unknown }> {
  const { run, engine, signal } = request;
  const common = { workdir, signal, user: run.startedBy };
  const change = {
    ...common,
    workspace: run.workspace,
    yes: true,
    timeoutMs: engine.runTimeoutMs,
    lockTimeoutMs: engine.lockTimeoutMs,
  };
  switch (run.kind) {
    case 'preview': {
      const plan = await kusion.preview({
        ...common,
        workspace: run.workspace,
        timeoutMs: engine.runTimeoutMs,
      });
      return { status: 'succeeded', result: planDocument(plan) };
    }
    case 'deploy':
    case 'destroy': {
      const released = await (run.kind === 'deploy'
        ? kusion.deploy(change)
        : kusion.destroy(change));
      return { status: released.status, result: releaseDocument(released) };
    }
    case 'drift': {
      const report = await kusion.drift({ ...common, workspace: run.workspace });
      return { status: 'succeeded', result: driftDocument(report) };
    }
    case 'rollout': {
      const rolled = await kusion.rollout({
        ...common,
        workspaces: run.workspace,
        yes: true,
        timeoutMs: engine.runTimeoutMs,
        lockTimeoutMs: engine.lockTimeoutMs,
      });
      const status = rolled.rollout.status === 'succeeded' ? 'succeeded' : 'failed';
      return { status, result: rolloutDocument(rolled) };
    }
  }
}

/**
 * The run's IoHost: each message becomes a numbered log line, appended in order (writes are
 * chained so a slow store never reorders them); questions get their default answer.
 */
function createRunLog(store: RunStore, runId: string): { io: IoHost; flushed(): Promise<void> } {
  let seq = 0;
  let chain: Promise<void> = Promise.resolve();
  const io: IoHost = {
    notify(message) {
      const data = eventData(message);
      const event: RunEvent = {
        seq: ++seq,
        time: (message.time ?? new Date()).toISOString(),
        level: message.level,
        code: message.code,
        message: message.message,
        ...(data === undefined ? {} : { data }),
      };
      chain = chain.then(
        () => store.appendEvents(runId, [event]),
        () => store.appendEvents(runId, [event]),
      );
    },
    requestResponse: (question) => Promise.resolve(question.defaultResponse),
  };
  return { io, flushed: () => chain.catch(() => undefined) };
}

function describeError(error: unknown): RunError {
  if (isKusionError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  if (error instanceof CancelledError) return { code: 'CANCELLED', message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

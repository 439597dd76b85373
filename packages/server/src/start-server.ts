/**
 * `startServer`: the API (and, by default, the runs) in this process; `startWorker`: a process
 * that only takes runs from the shared queue. Both open the backend once and close it on `close`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openEngineBackend, resolveKusionHome } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import { createTokenStore } from './auth/token-store.js';
import { createProjectCatalog } from './catalog/project-catalog.js';
import { createApp } from './http/create-app.js';
import type { ServerContext } from './http/server-context.js';
import { createLocalDispatcher } from './runs/run-dispatcher.js';
import type { RunEngine } from './runs/run-executor.js';
import { createMemoryRunStore } from './runs/run-store.js';
import type { RunStore } from './runs/run-store.js';
import { createPostgresRunStore } from './scale/postgres-run-store.js';
import {
  createQueueDispatcher,
  DEFAULT_HEARTBEAT_SECONDS,
  startQueueWorker,
} from './scale/run-queue.js';
import type { GitSourceStatus } from './sources/git-source.js';
import { checkUniqueNames } from './sources/git-source-spec.js';
import { openGitSources } from './sources/git-sources.js';
import type { GitSources } from './sources/git-sources.js';
import { DEFAULTS } from './server-options.js';
import type { ServerLog, ServerOptions } from './server-options.js';

export interface RunningServer {
  /** `http://127.0.0.1:7070` */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Where runs execute: `in-process`, or `queue` (workers take them). */
  readonly mode: 'in-process' | 'queue';
  /** The git sources as the first fetch left them (an `error` for one that failed). */
  readonly sources: readonly GitSourceStatus[];
  /** Stops accepting requests, stops runs in flight (recorded as failed), closes the backend. */
  close(): Promise<void>;
}

const silentLog: ServerLog = () => undefined;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  checkSources(options);
  const log = options.log ?? silentLog;
  const kusionHome = resolveKusionHome(options.kusionHome);
  const maxRuns = options.maxRuns ?? DEFAULTS.maxRuns;
  const backend = await openEngineBackend({ ...options, kusionHome });
  const engine = runEngine(options, kusionHome, backend);
  const gitSources = await openSources(options, kusionHome, log, true);
  const catalog = createProjectCatalog(options.projectDirs, gitSources);
  const runs: RunStore = options.queueUrl
    ? await createPostgresRunStore(options.queueUrl)
    : createMemoryRunStore();
  const dispatcher = options.queueUrl
    ? await createQueueDispatcher(
        options.queueUrl,
        runs,
        checkHeartbeat(options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS),
      )
    : createLocalDispatcher({ store: runs, catalog, engine, maxRuns });
  const context: ServerContext = {
    catalog,
    gitSources,
    backend,
    engine,
    runs,
    dispatcher,
    tokens: createTokenStore(kusionHome),
    maxQueuedRuns: maxRuns * 25,
    log,
  };
  const app = await createApp(context, {
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    tls: options.tls,
    corsOrigins: options.corsOrigins ?? [],
    portalDir: options.portalDir ?? findPortal(),
    version: packageVersion(),
  });
  const host = options.host ?? DEFAULTS.host;
  await app.listen({ host, port: options.port ?? DEFAULTS.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const scheme = options.tls ? 'https' : 'http';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
  log({
    level: 'info',
    message: `serving on ${url}`,
    backend: backend.name,
    mode: options.queueUrl ? 'queue' : 'in-process',
  });
  return {
    url,
    port,
    host,
    mode: options.queueUrl ? 'queue' : 'in-process',
    sources: gitSources.list(),
    async close() {
      await app.close();
      await dispatcher.close();
      await gitSources.close();
      await runs.close();
      await backend.close?.();
    },
  };
}

export interface RunningWorker {
  close(): Promise<void>;
}

/** A `--worker` process: no HTTP, takes runs from the PostgreSQL queue. */
export async function startWorker(
  options: Pick<
    ServerOptions,
    | 'projectDirs'
    | 'gitSources'
    | 'gitTimeoutMs'
    | 'kusionHome'
    | 'backendName'
    | 'plugins'
    | 'maxRuns'
    | 'runTimeoutMs'
    | 'lockTimeoutMs'
    | 'log'
  > & { readonly queueUrl: string },
): Promise<RunningWorker> {
  checkSources(options);
  const kusionHome = resolveKusionHome(options.kusionHome);
  const log = options.log ?? silentLog;
  const backend = await openEngineBackend({ ...options, kusionHome });
  const store = await createPostgresRunStore(options.queueUrl);
  // A worker fetches at start and for the runs it takes (each names its commit), on no interval.
  const gitSources = await openSources(options, kusionHome, log, false);
  const worker = await startQueueWorker({
    connectionString: options.queueUrl,
    store,
    catalog: createProjectCatalog(options.projectDirs, gitSources),
    engine: runEngine(options, kusionHome, backend),
    maxRuns: options.maxRuns ?? DEFAULTS.maxRuns,
  });
  log({
    level: 'info',
    message: 'worker ready: taking runs from the queue',
    backend: backend.name,
  });
  return {
    async close() {
      await worker.close();
      await gitSources.close();
      await store.close();
      await backend.close?.();
    },
  };
}

function checkSources(options: Pick<ServerOptions, 'projectDirs' | 'gitSources'>): void {
  if (!options.projectDirs.length && !options.gitSources?.length) {
    throw new KusionError('INVALID_ARGUMENT', 'no project folder or git source to serve', {
      hint: 'name one or more with --project-dir <folder> or --git-source <url>[//<path>][?ref=<ref>]',
    });
  }
  checkUniqueNames(options.gitSources ?? []);
}

function checkHeartbeat(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 10) {
    throw new KusionError('INVALID_ARGUMENT', `invalid heartbeat ${String(seconds)} s`, {
      hint: 'give a whole number of seconds, at least 10 (the queue, pg-boss, needs no less)',
    });
  }
  return seconds;
}

function openSources(
  options: Pick<ServerOptions, 'gitSources' | 'gitRefreshIntervalMs' | 'gitTimeoutMs'>,
  kusionHome: string,
  log: ServerLog,
  isServing: boolean,
): Promise<GitSources> {
  return openGitSources({
    configs: options.gitSources ?? [],
    kusionHome,
    intervalMs: isServing ? (options.gitRefreshIntervalMs ?? DEFAULTS.gitRefreshIntervalMs) : 0,
    gitTimeoutMs: options.gitTimeoutMs ?? DEFAULTS.gitTimeoutMs,
    log,
  });
}

function runEngine(
  options: Pick<ServerOptions, 'backendName' | 'plugins' | 'runTimeoutMs' | 'lockTimeoutMs'>,
  kusionHome: string,
  backend: RunEngine['backend'],
): RunEngine {
  return {
    kusionHome,
    backend,
    backendName: options.backendName,
    plugins: options.plugins,
    runTimeoutMs: options.runTimeoutMs ?? DEFAULTS.runTimeoutMs,
    lockTimeoutMs: options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs,
  };
}

const require = createRequire(import.meta.url);

/** The built portal of `@kusion/portal`, when installed and built. */
function findPortal(): string | undefined {
  try {
    return join(dirname(require.resolve('@kusion/portal/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

function packageVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

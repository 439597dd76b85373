/** What `kusion serve` and `startServer` take; every field but `projectDirs` has a default. */
import type { KusionPlugin } from '@kusion/sdk';
import type { GitSourceConfig } from './sources/git-source-spec.js';

export interface ServerLogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly [field: string]: unknown;
}

/** Where the server's own log lines go; the library never prints (the CLI writes them). */
export type ServerLog = (line: ServerLogLine) => void;

export interface ServerOptions {
  /** Folders holding projects (a `project.yaml` at the top or below). */
  readonly projectDirs: readonly string[];
  /**
   * Git repositories holding projects, cloned under `$KUSION_HOME/server/sources`; each run
   * records the commit it ran from. A folder or a git source is needed, at least.
   */
  readonly gitSources?: readonly GitSourceConfig[] | undefined;
  /** How often git sources are fetched; default 5 minutes; 0: at start and on request only. */
  readonly gitRefreshIntervalMs?: number | undefined;
  /** A git process silent this long is stopped (a fetch that hangs); default 2 minutes. */
  readonly gitTimeoutMs?: number | undefined;
  /** Default 127.0.0.1: loopback unless asked otherwise. */
  readonly host?: string | undefined;
  /** Default 7070; 0 picks a free port. */
  readonly port?: number | undefined;
  /** PEM certificate and key: HTTPS when both are given. */
  readonly tls?: { readonly cert: string; readonly key: string } | undefined;
  /** Origins allowed by CORS; none (the default) turns CORS off. */
  readonly corsOrigins?: readonly string[] | undefined;
  /** Runs executing at once in this process; default 4. Others wait in the queue. */
  readonly maxRuns?: number | undefined;
  /** Largest request body in bytes; default 1 MiB. */
  readonly bodyLimit?: number | undefined;
  /** A request (SSE streams excepted) must end within this; default 30 s. */
  readonly requestTimeoutMs?: number | undefined;
  /** A run is stopped after this; default 30 minutes. */
  readonly runTimeoutMs?: number | undefined;
  /** How long a run waits for its workspace's lock held by another run; default 5 minutes. */
  readonly lockTimeoutMs?: number | undefined;
  /** `$KUSION_HOME`: tokens live under it, and the local backend. */
  readonly kusionHome?: string | undefined;
  /** A backend named in `$KUSION_HOME/config.yaml`. */
  readonly backendName?: string | undefined;
  /** Plugins applied to every run (in-process providers, policies). */
  readonly plugins?: readonly KusionPlugin[] | undefined;
  /**
   * A PostgreSQL connection string: runs are queued there (pg-boss) and run records shared, so
   * API servers and `--worker` processes on any machine cooperate. Default: runs in this process.
   */
  readonly queueUrl?: string | undefined;
  /**
   * With a queue: a worker whose heartbeat the queue misses this long is lost, and its run
   * marked failed; default 30, at least 10 (pg-boss's minimum). Set on API servers (it goes
   * with each queued run).
   */
  readonly heartbeatSeconds?: number | undefined;
  /** The portal's built files; default: those of `@kusion/portal`, if installed. */
  readonly portalDir?: string | undefined;
  readonly log?: ServerLog | undefined;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 7070,
  maxRuns: 4,
  bodyLimit: 1024 * 1024,
  requestTimeoutMs: 30_000,
  runTimeoutMs: 30 * 60_000,
  lockTimeoutMs: 5 * 60_000,
  gitRefreshIntervalMs: 5 * 60_000,
  gitTimeoutMs: 2 * 60_000,
} as const;

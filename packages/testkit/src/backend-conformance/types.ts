/** What a backend author gives the backend conformance suite, and what each check receives. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Backend } from '@kusion/sdk';

/** One fresh, empty place to store workspaces, releases and locks: a folder, a bucket prefix… */
export interface BackendStorage {
  /**
   * A new backend on this storage, as another process would open it: it sees every record the
   * others stored but shares none of their in-memory state (open journals, cached ETags).
   */
  open(): Backend | Promise<Backend>;
  /**
   * What `childProcess.exportName` is called with in a child process to open this same storage
   * (a folder, settings): JSON-serialisable.
   */
  readonly childArgument?: unknown;
  /** Runs after the check, once every backend it opened is closed: remove the storage. */
  remove?(): void | Promise<void>;
}

/**
 * How a child Node process opens a backend, for the checks that kill a writer with SIGKILL: it
 * imports `module` and calls `exportName(storage.childArgument)`, which returns the backend.
 */
export interface ChildProcessOptions {
  /** A file URL or absolute path. */
  readonly module: string;
  readonly exportName: string;
  /** Node options, e.g. `['--import', 'tsx']` when `module` is TypeScript source. */
  readonly execArgv?: readonly string[];
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface BackendConformanceOptions {
  /** Names the backend in test titles. */
  readonly name: string;
  /** Fresh, empty storage; called once per check. */
  readonly createStorage: () => BackendStorage | Promise<BackendStorage>;
  /** Per-check timeout in milliseconds, for backends that talk to real services. */
  readonly timeoutMs?: number;
  /**
   * How a child process opens the storage. A backend no other process can open (in memory)
   * leaves it out, and the checks that need it are reported as skipped, never as passed.
   */
  readonly childProcess?: ChildProcessOptions;
}

/** What one check works with: backends on one storage, closed for it when the check ends. */
export interface BackendTarget {
  open(): Promise<Backend>;
  /**
   * Starts a child Node process that opens the same storage as `backend`, then runs `body` (an
   * ES module body in which `backend` is in scope). Present when the suite has `childProcess`.
   */
  startChild?(body: string): ChildProcessWithoutNullStreams;
}

export interface BackendConformanceCheck {
  /** Stable, kebab-case: `release-create-race`. */
  readonly name: string;
  /** The rule it proves, as a test title. */
  readonly title: string;
  /** Needs `BackendTarget.startChild`. */
  readonly needsChildProcess?: boolean;
  /** Throws an assertion error when the backend breaks the rule. */
  run(target: BackendTarget): Promise<void>;
  /** Why the check does not apply to this backend (it lacks an optional part), if it does not. */
  skipWhen?(backend: Backend): string | undefined;
}

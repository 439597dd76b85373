/** A run the server was asked for: what, where, who, and how it went. */

export const RUN_KINDS = ['preview', 'deploy', 'destroy', 'drift', 'rollout'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** The git commit a run works on: recorded when it is queued, checked out where it executes. */
export interface RunSource {
  readonly kind: 'git';
  /** The source's name (`--git-source …&name=`). */
  readonly name: string;
  readonly url: string;
  readonly ref: string;
  readonly commit: string;
}

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly project: string;
  readonly stack: string;
  /** For a rollout: its waves, `dev,[eu,us],prod`. */
  readonly workspace: string;
  readonly status: RunStatus;
  /** The name of the token that started it. */
  readonly startedBy: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** For a project from a git source: the commit it ran from. */
  readonly source?: RunSource;
  /** Which process executed it (`host:pid`). */
  readonly worker?: string;
  /** What the run produced (plan, release summary, drift report), secrets masked. */
  readonly result?: unknown;
  readonly error?: RunError;
  /** Set by a cancel while the run executes elsewhere; the executing process stops it. */
  readonly cancelRequested?: boolean;
}

/** One line of a run's log: an engine message, scrubbed by the engine. */
export interface RunEvent {
  /** 1, 2, 3... per run: the SSE event id, so a client resumes with `Last-Event-ID`. */
  readonly seq: number;
  readonly time: string;
  readonly level: string;
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export function isFinished(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

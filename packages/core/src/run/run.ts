/**
 * One immutable description of a run — where, with which flags, until when, with which signals —
 * built once by the operation and taken as is by the planner and the executor, so no setting is
 * copied by hand from one request into the next.
 */
import { createFieldMatcher } from '@kusion/sdk';
import type { ApplyOptions, FieldMatcher, Hooks, IoHost, ProviderContext } from '@kusion/sdk';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import type { TimingsRecorder } from './timings.js';

export const DEFAULT_CONCURRENCY = 10;

/** What a caller may set; every field has a default. */
export interface RunOptions {
  /** Operations in parallel; default 10. */
  readonly concurrency?: number | undefined;
  /** Only these ids and their dependencies. */
  readonly targets?: readonly string[] | undefined;
  /** Field paths left out of the diff (`metadata.annotations`). */
  readonly ignoreFields?: readonly string[] | undefined;
  /** Wait for readiness after apply (default true). */
  readonly watch?: boolean | undefined;
  /** Take ownership of fields other managers own (Kubernetes). */
  readonly forceConflicts?: boolean | undefined;
  /** Milliseconds the whole run may take. */
  readonly timeoutMs?: number | undefined;
  /** Retries of transient provider failures; default 5. */
  readonly maxRetries?: number | undefined;
  /** First retry delay; default 200 ms, doubling. */
  readonly retryBaseDelayMs?: number | undefined;
  /**
   * Apply every resource of a resource provider without reading or planning it first (`deploy
   * --skip-preview`, for CI): the diff is reported from what the provider returns.
   */
  readonly skipPreview?: boolean | undefined;
}

export interface Run {
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly hooks: Hooks;
  readonly scrubber: SecretScrubber;
  /** Where the run spends its time ("why slow"). */
  readonly timings: TimingsRecorder;
  /** The secret a `ref://` string in a resource's attributes names (scrubbed from all output). */
  readonly resolveSecret: (text: string) => Promise<string>;
  /** Nothing new starts once aborted: the first Ctrl-C, or the deadline. */
  readonly stopSignal: AbortSignal;
  /** Handed to providers that change things: a second Ctrl-C, or the deadline. */
  readonly abortSignal: AbortSignal;
  /** Handed to reads and plans, which are safe to stop at once: either of the above. */
  readonly readSignal: AbortSignal;
  readonly concurrency: number;
  /** Empty: every resource. */
  readonly targets: readonly string[];
  readonly ignore: FieldMatcher;
  /** What providers honour; `deadline` is the run's only clock. */
  readonly applyOptions: ApplyOptions;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly skipPreview: boolean;
}

export interface CreateRunRequest {
  readonly context: ProviderContext;
  readonly io: IoHost;
  readonly hooks: Hooks;
  readonly scrubber: SecretScrubber;
  readonly timings: TimingsRecorder;
  readonly resolveSecret: (text: string) => Promise<string>;
  /** The engine's signals: stop scheduling, abort in flight. */
  readonly signal: AbortSignal;
  readonly abortSignal: AbortSignal;
  readonly options: RunOptions;
}

export function createRun(request: CreateRunRequest): Run {
  const { options } = request;
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const timeout =
    options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const withTimeout = (signal: AbortSignal): AbortSignal =>
    timeout ? AbortSignal.any([signal, timeout]) : signal;
  const stopSignal = withTimeout(request.signal);
  const abortSignal = withTimeout(request.abortSignal);
  return Object.freeze({
    context: request.context,
    io: request.io,
    hooks: request.hooks,
    scrubber: request.scrubber,
    timings: request.timings,
    resolveSecret: request.resolveSecret,
    stopSignal,
    abortSignal,
    readSignal: AbortSignal.any([stopSignal, abortSignal]),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    targets: options.targets ?? [],
    ignore: createFieldMatcher(options.ignoreFields ?? []),
    applyOptions: Object.freeze({
      watch: options.watch ?? true,
      forceConflicts: options.forceConflicts ?? false,
      deadline,
    }),
    maxRetries: options.maxRetries ?? 5,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
    skipPreview: options.skipPreview ?? false,
  });
}

/** Whether a signal was aborted by a deadline (`--timeout`), not by the user. */
export function isTimeoutAbort(signal: AbortSignal): boolean {
  return (
    signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
  );
}

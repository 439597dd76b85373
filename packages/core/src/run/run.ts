/**
 * One immutable description of a run — where, with which flags, until when, with which signals —
 * built once by the operation and taken as is by the planner and the executor, so no setting is
 * copied by hand from one request into the next.
 */
import { CancelledError, createFieldMatcher } from '@kusion/sdk';
import type { ApplyOptions, FieldMatcher, Hooks, IoHost, ProviderContext } from '@kusion/sdk';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';
import type { TimingsRecorder } from './timings.js';

export const DEFAULT_CONCURRENCY = 10;

/** Operations in parallel: the caller's choice, else what the loaded providers ask for. */
export function concurrencyOf(
  run: Pick<Run, 'concurrency'>,
  providers: { readonly concurrency: number },
): number {
  return run.concurrency ?? providers.concurrency;
}

/** How long in-flight operations may go on once a run is stopped, before they are aborted. */
export const DEFAULT_GRACE_PERIOD_MS = 30_000;

/** What a caller may set; every field has a default. */
export interface RunOptions {
  /**
   * Operations in parallel; by default the lowest the run's providers ask for
   * (`Provider.concurrency`), else 10.
   */
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
  /**
   * Once the run is stopped (Ctrl-C, SIGTERM, its lock lost), how long operations in flight may
   * go on before they are aborted and recorded as pending; default 30 s.
   */
  readonly gracePeriodMs?: number | undefined;
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
  /** Nothing new starts once aborted: the first Ctrl-C or SIGTERM, the lock lost, or the deadline. */
  readonly stopSignal: AbortSignal;
  /**
   * Handed to providers that change things: a second Ctrl-C, the grace period after a stop, or
   * the deadline.
   */
  readonly abortSignal: AbortSignal;
  /** Handed to reads and plans, which are safe to stop at once: either of the above. */
  readonly readSignal: AbortSignal;
  /** The caller's choice; undefined leaves it to the providers (`concurrencyOf`). */
  readonly concurrency: number | undefined;
  /** Empty: every resource. */
  readonly targets: readonly string[];
  readonly ignore: FieldMatcher;
  /** What providers honour; `deadline` is the run's only clock. */
  readonly applyOptions: ApplyOptions;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly skipPreview: boolean;
  /** `--timeout`, if any. */
  readonly timeoutMs: number | undefined;
  /** Why the run stopped, in a few words (`interrupted by Ctrl-C`, `the --timeout of 5m expired`); undefined while it runs. */
  stopReason(): string | undefined;
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
  /** Further reasons to stop scheduling: the run's lock lost, its journal refused. */
  readonly stopSignals?: readonly AbortSignal[] | undefined;
  readonly options: RunOptions;
}

export function createRun(request: CreateRunRequest): Run {
  const { options } = request;
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const timeout =
    options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const withTimeout = (signals: AbortSignal[]): AbortSignal =>
    AbortSignal.any(timeout ? [...signals, timeout] : signals);
  const stopSignal = withTimeout([request.signal, ...(request.stopSignals ?? [])]);
  const grace = graceAfter(stopSignal, options.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS);
  const abortSignal = withTimeout([request.abortSignal, grace]);
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
    concurrency: options.concurrency,
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
    timeoutMs: options.timeoutMs,
    stopReason: () => describeStop(stopSignal, options.timeoutMs),
  });
}

/**
 * A signal aborted `graceMs` after `stop` aborts, unless the stop was the deadline (which aborts
 * everything at once on its own).
 */
function graceAfter(stop: AbortSignal, graceMs: number): AbortSignal {
  const controller = new AbortController();
  const startGrace = (): void => {
    if (isTimeoutAbort(stop)) return;
    const seconds = Math.round(graceMs / 100) / 10;
    const timer = setTimeout(() => {
      controller.abort(
        new CancelledError(
          `operations in flight did not end within the ${seconds} s grace period after the run was stopped`,
        ),
      );
    }, graceMs);
    timer.unref();
  };
  if (stop.aborted) startGrace();
  else stop.addEventListener('abort', startGrace, { once: true });
  return controller.signal;
}

/** Why `signal` aborted, for messages; undefined while it has not. */
export function describeStop(signal: AbortSignal, timeoutMs?: number): string | undefined {
  if (!signal.aborted) return undefined;
  if (isTimeoutAbort(signal)) {
    return timeoutMs === undefined
      ? 'the run timed out'
      : `the --timeout of ${formatDuration(timeoutMs)} expired`;
  }
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : 'the run was stopped';
}

/** `90 s`, `5m`, `1h30m`: how a duration flag would be written. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
}

/** Whether a signal was aborted by a deadline (`--timeout`), not by the user. */
export function isTimeoutAbort(signal: AbortSignal): boolean {
  return (
    signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
  );
}

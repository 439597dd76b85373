/**
 * Waits for a long-running operation: GetOperation polled with backoff (100 ms growing to 5 s),
 * bounded by the run's deadline and signal, with progress reported once it takes a while. A
 * failed operation is surfaced with its code, message and the violations its packed details
 * name; a transient failure of the polling itself does not fail the wait.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@kusion/sdk';
import type { Operation } from 'google-gax';
import { abortable, cancelled } from './calls.js';
import { failureError } from './provider-errors.js';
import type { ErrorContext } from './provider-errors.js';
import { asRpcFailure, failureOfStatus, isTransient } from './rpc-errors.js';

export interface WaitOptions extends ErrorContext {
  readonly signal: AbortSignal;
  /** Milliseconds since the epoch (`--timeout`). */
  readonly deadline?: number | undefined;
  readonly report?: ((status: string) => void) | undefined;
}

const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 5_000;
const REPORT_AFTER_MS = 1_000;
/** Polls that fail in a row with a transient code before the wait gives up (retryable). */
const MAX_POLL_FAILURES = 5;
/** Without --timeout, an operation that never ends must still not hang the run. */
const DEFAULT_WAIT_MS = 30 * 60_000;

/** Resolves when the operation is done and succeeded; throws a ProviderError when it failed. */
export async function waitForOperation(operation: Operation, options: WaitOptions): Promise<void> {
  const started = Date.now();
  const deadline = options.deadline ?? started + DEFAULT_WAIT_MS;
  const name = operation.latestResponse.name || 'operation';
  let delay = FIRST_POLL_MS;
  let pollFailures = 0;
  for (;;) {
    const latest = operation.latestResponse;
    if (latest.done) {
      if (latest.error) throw failureError(failureOfStatus(latest.error), options);
      return;
    }
    if (options.signal.aborted) throw cancelled(options.signal);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ProviderError(
        `${options.doing} did not finish in time: ${name} still running after ${seconds(Date.now() - started)}`,
        {
          resourceId: options.resourceId,
          hint: 'GCP goes on with the operation: deploy again later to converge, or raise --timeout',
        },
      );
    }
    await sleep(Math.min(delay, left), undefined, { signal: options.signal }).catch(() => {
      throw cancelled(options.signal);
    });
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.6));
    try {
      await abortable(operation.getOperation(), options.signal);
      pollFailures = 0;
    } catch (error) {
      // The operation ended with an error: the loop's first check surfaces it with its details.
      if (operation.latestResponse.done) continue;
      const failure = asRpcFailure(error);
      if (!isTransient(failure) || ++pollFailures >= MAX_POLL_FAILURES)
        throw failure ? failureError(failure, { ...options, doing: `polling ${name}` }) : error;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= REPORT_AFTER_MS && !operation.latestResponse.done)
      options.report?.(`${options.doing}: ${name} running for ${seconds(elapsed)}`);
  }
}

/** The resource an operation answered (a protobufjs message), as a plain object. */
export function operationResult(operation: Operation): Record<string, unknown> | undefined {
  const result: unknown = operation.result;
  if (typeof result !== 'object' || result === null) return undefined;
  const { toJSON } = result as { toJSON?: unknown };
  return (typeof toJSON === 'function' ? (toJSON as () => unknown).call(result) : result) as Record<
    string,
    unknown
  >;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

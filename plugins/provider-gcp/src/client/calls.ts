/**
 * How the provider calls the API. gax calls take no AbortSignal, so a call is raced against the
 * run's signal: on a second Ctrl-C the provider stops waiting at once (the call itself finishes
 * in the background, and a later `read` sees what it did). Reads are retried here on transient
 * codes, because the engine retries only apply and delete; a mutation is never retried here: its
 * error goes to the engine as retryable, and apply, which converges, runs again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '@kusion/sdk';
import { asRpcFailure, isTransient } from './rpc-errors.js';

const READ_ATTEMPTS = 5;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3_000;

/** Waits for `promise`, or rejects with a CancelledError as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined); // its outcome no longer matters
    return Promise.reject(cancelled(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(cancelled(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A read: retried with backoff on UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, DEADLINE_EXCEEDED. */
export async function readCall<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await abortable(call(), signal);
    } catch (error) {
      if (signal.aborted || attempt >= READ_ATTEMPTS || !isTransient(asRpcFailure(error)))
        throw error;
      await backoff(attempt, signal);
    }
  }
}

/** A mutation: one attempt, abortable. */
export function writeCall<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  return abortable(call(), signal);
}

/** Sleeps before attempt `attempt + 1`: 200 ms doubling to 3 s, with jitter. */
export async function backoff(attempt: number, signal: AbortSignal): Promise<void> {
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
  await sleep(Math.round(delay * (0.5 + Math.random() / 2)), undefined, { signal }).catch(() => {
    throw cancelled(signal);
  });
}

export function cancelled(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason;
  return new CancelledError(
    reason instanceof Error && reason.message ? `stopped: ${reason.message}` : 'stopped',
  );
}

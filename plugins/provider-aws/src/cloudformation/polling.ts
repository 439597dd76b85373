/**
 * Waiting for CloudFormation. The first look is immediate (an emulator, or a no-op, is often done
 * already); then the delay grows to a few seconds, as AWS's own waiters do. An aborted signal stops
 * the wait at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, isKusionError } from '@kusion/sdk';

const DELAYS_MS = [0, 150, 300, 600, 1000, 2000];
const MAX_DELAY_MS = 3000;

export function pollDelay(attempt: number): number {
  return DELAYS_MS[attempt] ?? MAX_DELAY_MS;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancellation(signal);
}

export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw cancellation(signal, error);
  }
}

/** The signal's reason when it is a Kusion error, otherwise a `CancelledError`. */
export function cancellation(signal: AbortSignal, cause?: unknown): Error {
  const reason: unknown = signal.reason;
  if (isKusionError(reason)) return reason;
  return new CancelledError('the AWS operation was cancelled', { cause: cause ?? reason });
}

/** Calls `look` until it answers, waiting longer between looks. */
export async function pollUntil<T>(
  look: () => Promise<T | undefined>,
  signal: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    await pause(pollDelay(attempt), signal);
    const answer = await look();
    if (answer !== undefined) return answer;
  }
}

/** Simulated latency that stops as soon as the request's signal aborts. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, isKusionError } from '@kusion/sdk';

/** Throws when the signal has aborted: the engine's own reason if it is coded, else CancelledError. */
export function throwIfCancelled(signal: AbortSignal, operation: string): void {
  if (signal.aborted) throw cancellation(signal, operation);
}

/** Waits `ms`, rejecting promptly when the signal aborts. */
export async function cancellableDelay(
  ms: number,
  signal: AbortSignal,
  operation: string,
): Promise<void> {
  throwIfCancelled(signal, operation);
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (signal.aborted) throw cancellation(signal, operation);
    throw error;
  }
}

function cancellation(signal: AbortSignal, operation: string): Error {
  const reason: unknown = signal.reason;
  if (isKusionError(reason)) return reason;
  return new CancelledError(`test provider: ${operation} cancelled`, { cause: reason });
}

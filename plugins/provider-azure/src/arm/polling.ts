/** Waiting between polls of a long-running operation, stopped at once by the run's signal. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '@kusion/sdk';

export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (signal.aborted) throw new CancelledError('stopped waiting for Azure', { cause: error });
    throw error;
  }
}

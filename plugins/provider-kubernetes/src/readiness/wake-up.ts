/** A wake-up call between watches running in the background and the loop that reports on them. */

export interface WakeUp {
  /** Wakes the waiter (or the next one, if none is waiting). */
  wake(): void;
  /** Resolves on the next wake-up, or when the signal aborts. */
  wait(signal: AbortSignal): Promise<void>;
}

export function createWakeUp(): WakeUp {
  let isPending = false;
  let resolveWaiter: (() => void) | undefined;
  return {
    wake() {
      isPending = true;
      resolveWaiter?.();
      resolveWaiter = undefined;
    },
    async wait(signal) {
      if (!isPending && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const onAbort = (): void => {
            resolve();
          };
          resolveWaiter = () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          };
          signal.addEventListener('abort', onAbort, { once: true });
        });
      }
      isPending = false;
    },
  };
}

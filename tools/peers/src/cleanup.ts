/**
 * Last-resort cleanup of the processes we started, for when this Node process ends without
 * stopping them: a normal exit (`process.exit()`, end of the event loop) or a terminating signal
 * (SIGINT, SIGTERM, SIGHUP — e.g. a CI timeout that signals only the test runner's pid).
 *
 * The signal handlers are installed only while something is registered. If ours is the only
 * handler for a signal, it re-raises the signal after cleaning up, so the process still dies of
 * it as it would have without us; if the host (vitest, a CLI) has its own handler, that handler
 * decides what happens next.
 */

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let isInstalled = false;

/** Runs `cleanup` (synchronously, best effort) if this process ends first. Returns the unregister function. */
export function onProcessEnd(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  install();
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}

function runCleanups(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort: the process may be gone already
    }
  }
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runCleanups();
  const isOnlyHandler = process.listenerCount(signal) === 1;
  uninstall();
  if (isOnlyHandler) process.kill(process.pid, signal);
}

function install(): void {
  if (isInstalled) return;
  isInstalled = true;
  process.on('exit', runCleanups);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!isInstalled) return;
  isInstalled = false;
  process.off('exit', runCleanups);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

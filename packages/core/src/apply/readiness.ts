/**
 * Waits for a provider to report a resource ready, showing what it waits for. A deadline or a
 * failed state ends the wait with the last observed status, never a hang. The wait is part of the
 * operation in flight: a stopped run (first Ctrl-C, SIGTERM) lets it go on until the grace period
 * ends or the user insists, which abort it (the object is applied and recorded: only the wait is
 * given up).
 */
import { KusionError } from '@kusion/sdk';
import type { ResourceProvider, ResourceState } from '@kusion/sdk';
import { isTimeoutAbort } from '../run/run.js';
import type { Run } from '../run/run.js';

export interface ReadinessRequest {
  readonly provider: ResourceProvider;
  readonly resource: ResourceState;
  readonly run: Run;
  readonly report: (status: string) => void;
}

export async function waitUntilReady(request: ReadinessRequest): Promise<void> {
  const startedAt = performance.now();
  try {
    await waitFor(request);
  } finally {
    request.run.timings.addReadinessWait(request.resource.type, performance.now() - startedAt);
  }
}

async function waitFor(request: ReadinessRequest): Promise<void> {
  const { provider, resource, run } = request;
  if (!provider.watch) return;
  // abortSignal carries the deadline, the grace period and the second Ctrl-C.
  const signal = run.abortSignal;
  let last = 'no status reported yet';
  const isCancelled = (): boolean => signal.aborted && !isTimeoutAbort(signal);
  try {
    for await (const status of provider.watch({
      context: run.context,
      io: run.io,
      options: run.applyOptions,
      signal,
      resource,
    })) {
      last = status.message;
      if (status.isReady) return;
      if (status.isFailed) throw new KusionError('PROVIDER_FAILED', `not ready: ${status.message}`);
      request.report(status.message);
    }
  } catch (error) {
    if (!signal.aborted || isCancelled()) throw error;
  }
  if (isCancelled()) signal.throwIfAborted();
  if (signal.aborted) {
    throw new KusionError('TIMEOUT', `timed out waiting for readiness; last status: ${last}`, {
      hint: 'raise --timeout, or deploy with --no-watch to skip waiting',
    });
  }
  throw new KusionError(
    'PROVIDER_FAILED',
    `readiness watch ended before the resource was ready; last status: ${last}`,
  );
}

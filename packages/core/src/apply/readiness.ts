/**
 * Waits for a provider to report a resource ready, showing what it waits for. A deadline or a
 * failed state ends the wait with the last observed status, never a hang.
 */
import { KusionError } from '@kusion/sdk';
import { isTimeoutAbort } from './abort-reason.js';
import type { ApplyOptions, IoHost, Provider, ProviderContext, ResourceState } from '@kusion/sdk';

export interface ReadinessRequest {
  readonly provider: Provider;
  readonly resource: ResourceState;
  readonly base: { readonly context: ProviderContext; readonly io: IoHost; readonly signal: AbortSignal; readonly options: ApplyOptions };
  readonly report: (status: string) => void;
}

export async function waitUntilReady(request: ReadinessRequest): Promise<void> {
  const { provider, resource, base } = request;
  if (!provider.watch) return;
  const deadline = base.options.deadline;
  const signals = [base.signal];
  if (deadline !== undefined) signals.push(AbortSignal.timeout(Math.max(0, deadline - Date.now())));
  const signal = AbortSignal.any(signals);
  let last = 'no status reported yet';
  // The run's own --timeout aborts base.signal too (with a TimeoutError): that is a timeout to
  // report with the last status, not a cancellation.
  const isCancelled = (): boolean => base.signal.aborted && !isTimeoutAbort(base.signal);
  try {
    for await (const status of provider.watch({ ...base, signal, resource })) {
      last = status.message;
      if (status.isReady) return;
      if (status.isFailed) throw new KusionError('PROVIDER_FAILED', `not ready: ${status.message}`);
      request.report(status.message);
    }
  } catch (error) {
    if (!signal.aborted || isCancelled()) throw error;
  }
  if (isCancelled()) base.signal.throwIfAborted();
  if (signal.aborted) {
    throw new KusionError('TIMEOUT', `timed out waiting for readiness; last status: ${last}`, {
      hint: 'raise --timeout, or deploy with --no-watch to skip waiting',
    });
  }
  throw new KusionError('PROVIDER_FAILED', `readiness watch ended before the resource was ready; last status: ${last}`);
}


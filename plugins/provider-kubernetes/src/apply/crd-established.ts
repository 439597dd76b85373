/**
 * Waits for a CustomResourceDefinition to be Established (its kind served), watching it from the
 * version apply returned. Bounded by the deadline and the signal; a CRD whose names are refused
 * fails at once with the server's reason.
 */
import { ProviderError } from '@kusion/sdk';
import type { ResourceMapping } from '../client/discovery.js';
import { abortReason } from '../client/transport.js';
import type { JsonObject } from '../manifest/json-object.js';
import { refOf } from '../manifest/object-ref.js';
import { crdReadiness } from '../readiness/other-rules.js';
import type { RunContext } from '../run-context.js';
import { stringAt } from '../manifest/json-object.js';

export interface WaitOptions {
  readonly signal: AbortSignal;
  readonly deadline?: number | undefined;
  readonly report: (status: string) => void;
}

/** Without a --timeout, a CRD that never becomes Established must still not hang the deploy. */
const DEFAULT_WAIT_MS = 120_000;

export async function waitUntilEstablished(
  run: RunContext,
  mapping: ResourceMapping,
  applied: JsonObject,
  options: WaitOptions,
): Promise<JsonObject> {
  let status = crdReadiness(applied);
  if (status.isReady) return applied;
  if (status.isFailed)
    throw new ProviderError(`CustomResourceDefinition not accepted: ${status.message}`);
  const ref = refOf(applied);
  if (!ref) return applied;
  options.report(status.message);
  const limit = options.deadline ?? Date.now() + DEFAULT_WAIT_MS;
  const signal = AbortSignal.any([
    options.signal,
    run.closing,
    AbortSignal.timeout(Math.max(0, limit - Date.now())),
  ]);
  const events = run.objects.watch(mapping, undefined, {
    fieldSelector: `metadata.name=${ref.name}`,
    resourceVersion: stringAt(applied, 'metadata', 'resourceVersion'),
    signal,
  });
  for await (const event of events) {
    if (event.type === 'DELETED')
      throw new ProviderError(
        'the CustomResourceDefinition was deleted while waiting for it to be established',
      );
    status = crdReadiness(event.object);
    if (status.isReady) return event.object;
    if (status.isFailed)
      throw new ProviderError(`CustomResourceDefinition not accepted: ${status.message}`);
    options.report(status.message);
  }
  if (options.signal.aborted) throw abortReason(options.signal);
  throw new ProviderError(
    `timed out waiting for the CustomResourceDefinition to be established; last status: ${status.message}`,
  );
}

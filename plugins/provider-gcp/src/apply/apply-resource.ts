/**
 * `apply`: find the object (the recorded one, else by natural key), then create it or converge it
 * on the Spec with per-kind calls and field masks, waiting for each long-running operation. Safe to
 * retry: a second apply finds what the first created and changes nothing. A replacement never
 * looks at the recorded object: the engine deleted it before calling.
 */
import { declaredSensitivePaths, isKusionPath, ProviderError } from '@kusion/sdk';
import type { ApplyRequest, ApplyResult } from '@kusion/sdk';
import { cancelled } from '../client/calls.js';
import { toProviderError } from '../client/provider-errors.js';
import { desiredOf, handlerFor } from '../kinds/resource-kind.js';
import type { ChangeContext, Found } from '../kinds/kind-handler.js';
import type { RunContext } from '../run-context.js';

export async function applyResource(run: RunContext, request: ApplyRequest): Promise<ApplyResult> {
  const { resource, prior, signal } = request;
  if (signal.aborted) throw cancelled(signal);
  const context: ChangeContext = {
    run,
    signal,
    resourceId: resource.id,
    deadline: request.options.deadline,
    report: request.report,
  };
  try {
    const handler = handlerFor(resource);
    const desired = await desiredOf(handler, resource, context);
    const unresolved = Object.entries(desired).filter(([, value]) => isKusionPath(value));
    if (unresolved.length)
      throw new ProviderError(
        `${resource.id}: ${unresolved.map(([field]) => field).join(', ')} still hold references with no value`,
        {
          resourceId: resource.id,
          hint: 'the resources they name must be applied first: check dependsOn',
        },
      );
    const identities = request.action === 'Replace' ? [desired] : [prior?.attributes, desired];
    let existing: Found | undefined;
    for (const identity of identities) {
      if (!identity) continue;
      existing = await handler.lookup(identity, context);
      if (existing) break;
    }
    const attributes = await handler.apply(desired, existing, context);
    const sensitivePaths = declaredSensitivePaths(resource);
    return { attributes, ...(sensitivePaths.length ? { sensitivePaths } : {}) };
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, doing: `applying ${resource.id}` });
  }
}

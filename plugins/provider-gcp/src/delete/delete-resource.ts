/**
 * `delete`: removes the recorded object and waits until it is gone; what is gone already is
 * success. GCP's own semantics stay: a project is scheduled for deletion (DELETE_REQUESTED), a
 * folder or tag key must be empty, a lien must be removed first — and when something outside the
 * stack blocks a deletion, the error names it. The engine deletes dependents first (the
 * references and `inferDependencies` edges recorded in state), so what remains is not kusion's.
 */
import type { DeleteRequest } from '@kusion/sdk';
import { cancelled } from '../client/calls.js';
import { toProviderError } from '../client/provider-errors.js';
import { handlerFor } from '../kinds/resource-kind.js';
import type { RunContext } from '../run-context.js';

export async function deleteResource(run: RunContext, request: DeleteRequest): Promise<void> {
  const { resource, signal } = request;
  if (signal.aborted) throw cancelled(signal);
  try {
    const handler = handlerFor(resource);
    const context = {
      run,
      signal,
      resourceId: resource.id,
      deadline: request.options.deadline,
      report: request.report,
    };
    // State holds canonical names already; a hand-written record may not.
    await handler.delete(await handler.canonicalize(resource.attributes, context), context);
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, doing: `deleting ${resource.id}` });
  }
}

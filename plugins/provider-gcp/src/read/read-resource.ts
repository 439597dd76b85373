/**
 * `read`: the live object, normalised like `plan`'s prediction. The recorded object is looked up
 * first (by its name: a renamed folder is still the same folder; an IAM member whose role changed
 * is still the old grant until it is replaced), then the desired one by its natural key (a project
 * id, a folder's display name under its parent, a tag's short name under its parent), which is
 * how objects made outside kusion are found and adopted. A project scheduled for deletion is gone.
 */
import type { Attributes, ReadRequest } from '@kusion/sdk';
import { toProviderError } from '../client/provider-errors.js';
import { desiredOf, handlerFor } from '../kinds/resource-kind.js';
import type { RunContext } from '../run-context.js';

export async function readResource(
  run: RunContext,
  request: ReadRequest,
): Promise<Attributes | undefined> {
  const { resource, prior, signal } = request;
  const context = { run, signal, resourceId: resource.id };
  try {
    const handler = handlerFor(resource);
    const desired = await desiredOf(handler, resource, context);
    for (const identity of [prior?.attributes, desired]) {
      if (!identity) continue;
      const found = await handler.lookup(identity, context);
      if (found && !found.isDeleting) return found.live;
    }
    return undefined;
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, doing: `reading ${resource.id}` });
  }
}

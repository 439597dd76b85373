/**
 * From a Spec resource to its kind's handler and desired object: the first step of every
 * operation. A resource whose kind cannot be told is refused with what would fix it.
 */
import type { Attributes, Resource } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import { GCP_KINDS, kindOf } from '../model/kinds.js';
import { handlerOf } from './handlers.js';
import type { KindContext, KindHandler } from './kind-handler.js';

export function handlerFor(resource: Pick<Resource, 'id' | 'attributes'>): KindHandler {
  const kind = kindOf(resource);
  if (!kind)
    throw new ProviderError(`cannot tell which kind of GCP resource "${resource.id}" is`, {
      resourceId: resource.id,
      hint: `name the kind in the id ("gcp:<Kind>:<name>") or in attributes.kind; kinds: ${GCP_KINDS.join(', ')}`,
    });
  return handlerOf(kind);
}

/** The desired object, defaults applied and literal names canonical (read-only calls). */
export async function desiredOf(
  handler: KindHandler,
  resource: Pick<Resource, 'id' | 'attributes'>,
  context: KindContext,
): Promise<Attributes> {
  return handler.canonicalize(
    handler.desired(resource.id, resource.attributes, context.run.settings),
    context,
  );
}

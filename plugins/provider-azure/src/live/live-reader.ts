/**
 * `read`: each resource as it is now, by its ARM id and api-version (the recorded id when there
 * is one), in the normal form apply returns: the live representation laid over the recorded
 * attributes (or, for a resource never applied, over the desired ones). A resource, or its group,
 * that is gone reads as undefined.
 */
import type { Attributes, BatchReadRequest } from '@kusion/sdk';
import { call, isNotFound } from '../arm/azure-errors.js';
import { normalAttributes } from '../model/normal-form.js';
import { priorTargetOf, targetOf } from '../model/targets.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { overlayLive } from './live-overlay.js';

const PARALLEL_READS = 8;

export async function readBatch(
  environment: ProviderEnvironment,
  request: Pick<BatchReadRequest, 'items' | 'signal'>,
): Promise<Map<string, Attributes | undefined>> {
  const live = new Map<string, Attributes | undefined>();
  const items = [...request.items];
  for (let start = 0; start < items.length; start += PARALLEL_READS) {
    await Promise.all(
      items.slice(start, start + PARALLEL_READS).map(async ({ resource, prior }) => {
        const target = prior
          ? priorTargetOf(prior, environment.defaults)
          : targetOf(resource, environment.defaults);
        const found = await call(
          `reading ${target.armId}`,
          async () => {
            try {
              return await environment.clients.resources.resources.getById(
                target.armId,
                target.apiVersion,
                {
                  abortSignal: request.signal,
                },
              );
            } catch (error) {
              if (isNotFound(error)) return undefined;
              throw error;
            }
          },
          resource.id,
        );
        const recorded = prior?.attributes ?? normalAttributes(resource, target);
        live.set(
          resource.id,
          found === undefined ? undefined : overlayLive(recorded, found as Record<string, unknown>),
        );
      }),
    );
  }
  return live;
}

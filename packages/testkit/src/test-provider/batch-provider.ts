/**
 * The batch kind (`batch: true`), shaped like a template engine: one call, one latency, for the
 * whole set. Each resource still gets its own outcome; a failure fails its dependents only. Its
 * diffs carry clear values, as a native engine's would: masking them is the engine's job.
 */
import { isDeepStrictEqual } from 'node:util';
import { diffObjects, getAtPath, ProviderError } from '@kusion/sdk';
import type { Attributes, BatchChange, BatchOutcome, BatchProvider, Resource } from '@kusion/sdk';
import { validateResources } from './validation.js';
import { referenceOrder, referencedIds, resolveReferences } from './batch-references.js';
import { cancellableDelay } from './cancellation.js';
import { predictObject, replaceReason, sensitivePaths, UNKNOWN_AFTER_APPLY } from './prediction.js';
import type { TestCloud } from './test-cloud.js';

export function createBatchProvider(cloud: TestCloud): BatchProvider {
  const { settings } = cloud;

  return {
    kind: 'batch',
    metrics: () => cloud.metrics(),

    validate({ resources }) {
      return Promise.resolve(validateResources(resources));
    },

    async read({ items, signal }) {
      await cancellableDelay(settings.readLatencyMs, signal, 'batch read');
      return { live: new Map(items.map(({ resource }) => [resource.id, cloud.read(resource.id)])) };
    },

    async plan({ resources, priors, signal }) {
      await cancellableDelay(settings.readLatencyMs, signal, 'batch plan');
      const ids = new Set(resources.map((resource) => resource.id));
      const predictedById = new Map<string, Attributes>();
      const changes = new Map<string, BatchChange>();
      for (const resource of referenceOrder(resources, ids).ordered) {
        const live = cloud.read(resource.id);
        const resolved = withAttributes(
          resource,
          resolveReferences(resource.attributes, ids, ({ id, path }) => {
            return getAtPath(predictedById.get(id), path).value ?? UNKNOWN_AFTER_APPLY;
          }),
        );
        const reason = replaceReason(resolved, live);
        const predicted = predictObject(resolved, live, reason !== undefined);
        predictedById.set(resource.id, predicted);
        changes.set(resource.id, changeOf(live, predicted, reason, sensitivePaths(resolved)));
      }
      for (const prior of priors) {
        if (!ids.has(prior.id))
          changes.set(prior.id, { action: 'Delete', reason: 'removed from spec' });
      }
      return { changes };
    },

    async apply({ resources, deletions, signal }) {
      await cancellableDelay(settings.latencyMs, signal, 'batch apply');
      const ids = new Set(resources.map((resource) => resource.id));
      const { ordered, cyclic } = referenceOrder(resources, ids);
      const applied = new Map<string, Attributes>();
      const outcomes = new Map<string, BatchOutcome>();
      for (const [index, resource] of ordered.entries()) {
        if (index % BREATH_EVERY === BREATH_EVERY - 1) await breathe();
        outcomes.set(resource.id, applyOne(resource));
      }
      for (const id of deletions) outcomes.set(id, deleteOne(id, signal));
      return { outcomes };

      function applyOne(resource: Resource): BatchOutcome {
        if (signal.aborted) return CANCELLED;
        if (cyclic.has(resource.id))
          return { status: 'failed', error: 'its references form a cycle in the batch' };
        const failedDependency = [...referencedIds(resource.attributes, ids)].find(
          (id) => outcomes.get(id)?.status === 'failed',
        );
        if (failedDependency !== undefined) {
          return { status: 'failed', error: `dependency "${failedDependency}" failed` };
        }
        return outcomeOf(() => {
          const resolved = withAttributes(
            resource,
            resolveReferences(resource.attributes, ids, ({ id, path }) => {
              const value = getAtPath(applied.get(id), path).value;
              if (value === undefined) {
                throw new ProviderError(`reference to "${id}" attribute "${path}" has no value`, {
                  resourceId: resource.id,
                });
              }
              return value;
            }),
          );
          const attributes = cloud.put(resolved, false);
          applied.set(resource.id, attributes);
          const paths = sensitivePaths(resolved);
          return paths
            ? { status: 'succeeded', attributes, sensitivePaths: paths }
            : { status: 'succeeded', attributes };
        });
      }
    },

    async delete({ priors, signal }) {
      await cancellableDelay(settings.latencyMs, signal, 'batch delete');
      const outcomes = new Map<string, BatchOutcome>();
      for (const [index, prior] of priors.entries()) {
        if (index % BREATH_EVERY === BREATH_EVERY - 1) await breathe();
        outcomes.set(prior.id, deleteOne(prior.id, signal));
      }
      return { outcomes };
    },
  };

  function deleteOne(id: string, signal: AbortSignal): BatchOutcome {
    if (signal.aborted) return CANCELLED;
    return outcomeOf(() => {
      cloud.remove(id);
      return { status: 'deleted' };
    });
  }
}

/** Storage calls are synchronous: a large batch pauses now and then so an abort can land. */
const BREATH_EVERY = 100;
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Once the signal aborts, the rest of the batch is left untouched and reported failed. */
const CANCELLED: BatchOutcome = { status: 'failed', error: 'cancelled before it was reached' };

function changeOf(
  live: Attributes | undefined,
  predicted: Attributes,
  replaceReason: string | undefined,
  sensitivePaths: readonly string[] | undefined,
): BatchChange {
  const paths = sensitivePaths ? { sensitivePaths } : {};
  if (!live)
    return {
      action: 'Create',
      reason: 'does not exist',
      diff: diffObjects({}, predicted),
      ...paths,
    };
  const diff = diffObjects(live, predicted);
  if (replaceReason !== undefined)
    return { action: 'Replace', reason: replaceReason, diff, ...paths };
  if (isDeepStrictEqual(live, predicted))
    return { action: 'UnChanged', reason: 'up to date', ...paths };
  return { action: 'Update', reason: 'attributes changed', diff, ...paths };
}

function outcomeOf(run: () => BatchOutcome): BatchOutcome {
  try {
    return run();
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

function withAttributes(resource: Resource, attributes: Attributes): Resource {
  return { ...resource, attributes };
}

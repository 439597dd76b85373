/**
 * The test provider: a "cloud" made of JSON files, with latency, injected faults and readiness
 * delays, so the engine can be tested and benchmarked alone. With `batch: true` it is a batch
 * provider shaped like a template engine; otherwise a resource provider. Both follow every rule of
 * their kind, and prove it by passing the conformance suite.
 */
import type { Provider, ProviderFactoryRequest, ResourceProvider } from '@kusion/sdk';
import { createBatchProvider } from './batch-provider.js';
import { cancellableDelay } from './cancellation.js';
import { predictObject, replaceReason, sensitivePaths } from './prediction.js';
import { watchReadiness } from './readiness.js';
import { parseSettings } from './settings.js';
import { openTestCloud } from './test-cloud.js';
import type { TestCloud } from './test-cloud.js';
import { validateResources } from './validation.js';

/** The provider factory the `test` plugin registers: settings in, a ready provider out. */
export async function createTestProvider(
  request: Pick<ProviderFactoryRequest, 'settings' | 'context'>,
): Promise<Provider> {
  const cloud = await openTestCloud(parseSettings(request.settings, request.context.projectDir));
  return cloud.settings.batch ? createBatchProvider(cloud) : createResourceProvider(cloud);
}

function createResourceProvider(cloud: TestCloud): ResourceProvider {
  const { settings } = cloud;
  return {
    kind: 'resource',

    validate({ resources }) {
      return Promise.resolve(validateResources(resources));
    },

    async read({ resource, signal }) {
      await cancellableDelay(settings.readLatencyMs, signal, `read of "${resource.id}"`);
      return { live: cloud.read(resource.id) };
    },

    // Works from the `live` object the engine read: planning does no I/O of its own.
    async plan({ resource, live, signal }) {
      await cancellableDelay(settings.readLatencyMs, signal, `plan of "${resource.id}"`);
      const reason = replaceReason(resource, live);
      return {
        predicted: predictObject(resource, live, reason !== undefined),
        replaceReason: reason,
        sensitivePaths: sensitivePaths(resource),
      };
    },

    async apply({ resource, action, signal, report }) {
      const { latencyMs } = settings;
      if (latencyMs > 0) report(`applying (simulated latency ${latencyMs}ms)`);
      await cancellableDelay(latencyMs, signal, `apply of "${resource.id}"`);
      const attributes = cloud.put(resource, action === 'Replace');
      return { attributes, sensitivePaths: sensitivePaths(resource) };
    },

    async delete({ resource, signal, report }) {
      const { latencyMs } = settings;
      if (latencyMs > 0) report(`deleting (simulated latency ${latencyMs}ms)`);
      await cancellableDelay(latencyMs, signal, `delete of "${resource.id}"`);
      cloud.remove(resource.id);
    },

    async import({ type, id, signal }) {
      await cancellableDelay(settings.readLatencyMs, signal, `import of "${id}"`);
      const live = cloud.read(id);
      if (!live) return undefined;
      const attributes = Object.fromEntries(Object.entries(live).filter(([key]) => key !== 'uid'));
      return { resource: { id, type, attributes }, live };
    },

    watch({ resource, signal }) {
      return watchReadiness(cloud, resource.id, signal);
    },

    metrics: () => cloud.metrics(),

    close() {
      return Promise.resolve();
    },
  };
}

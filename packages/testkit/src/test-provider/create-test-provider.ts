/**
 * The test provider: a "cloud" made of JSON files, with latency, injected faults and readiness
 * delays, so the engine can be tested and benchmarked alone. It follows every rule of the Provider
 * contract, and proves it by passing the conformance suite.
 */
import { ProviderError } from '@kusion/sdk';
import type { Provider } from '@kusion/sdk';
import { createBatchOperations } from './batch-operations.js';
import { cancellableDelay } from './cancellation.js';
import { predictObject, replaceReason, sensitivePaths } from './prediction.js';
import { watchReadiness } from './readiness.js';
import { parseSettings } from './settings.js';
import { openTestCloud } from './test-cloud.js';
import type { TestCloud } from './test-cloud.js';
import { validateResources } from './validation.js';

/** `batch` is set by `configure`, so the engine must look for it after configuring. */
type ConfigurableProvider = { -readonly [Key in keyof Provider]: Provider[Key] };

/** A new, unconfigured test provider; `configure` must be called first, as the engine does. */
export function createTestProvider(): Provider {
  let current: TestCloud | undefined;
  const cloud = (): TestCloud => {
    if (!current)
      throw new ProviderError('test provider: configure must be called before any other method');
    return current;
  };

  const provider: ConfigurableProvider = {
    async configure({ settings, context }) {
      current = await openTestCloud(parseSettings(settings, context.projectDir));
      if (current.settings.batch) provider.batch = createBatchOperations(current);
      else delete provider.batch;
    },

    validate({ resources }) {
      return Promise.resolve(validateResources(resources));
    },

    async read({ resource, signal }) {
      const { settings, store } = cloud();
      await cancellableDelay(settings.readLatencyMs, signal, `read of "${resource.id}"`);
      return { live: store.read(resource.id) };
    },

    // Works from the `live` object the engine read: planning does no I/O of its own.
    async plan({ resource, live, signal }) {
      await cancellableDelay(cloud().settings.readLatencyMs, signal, `plan of "${resource.id}"`);
      const reason = replaceReason(resource, live);
      return {
        predicted: predictObject(resource, live, reason !== undefined),
        replaceReason: reason,
        sensitivePaths: sensitivePaths(resource),
      };
    },

    async apply({ resource, action, signal, report }) {
      const target = cloud();
      const { latencyMs } = target.settings;
      if (latencyMs > 0) report(`applying (simulated latency ${latencyMs}ms)`);
      await cancellableDelay(latencyMs, signal, `apply of "${resource.id}"`);
      const attributes = target.put(resource, action === 'Replace');
      return { attributes, sensitivePaths: sensitivePaths(resource) };
    },

    async delete({ resource, signal, report }) {
      const target = cloud();
      const { latencyMs } = target.settings;
      if (latencyMs > 0) report(`deleting (simulated latency ${latencyMs}ms)`);
      await cancellableDelay(latencyMs, signal, `delete of "${resource.id}"`);
      target.remove(resource.id);
    },

    async import({ type, id, signal }) {
      const { settings, store } = cloud();
      await cancellableDelay(settings.readLatencyMs, signal, `import of "${id}"`);
      const live = store.read(id);
      if (!live) return undefined;
      const attributes = Object.fromEntries(Object.entries(live).filter(([key]) => key !== 'uid'));
      return { resource: { id, type, attributes }, live };
    },

    watch({ resource, signal }) {
      return watchReadiness(cloud(), resource.id, signal);
    },

    close() {
      return Promise.resolve();
    },
  };
  return provider;
}

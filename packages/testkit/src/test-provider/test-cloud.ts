/**
 * The simulated cloud behind both the per-resource and the batch operations: settings, storage and
 * injected faults. Latency and cancellation stay with the callers, which know whether a call stands
 * for one resource or a whole batch.
 */
import { randomUUID } from 'node:crypto';
import { isRetryable } from '@kusion/sdk';
import type { Attributes, ProviderMetrics, Resource } from '@kusion/sdk';
import { createFaultInjector } from './fault-injector.js';
import { openFileStore } from './file-store.js';
import type { FileStore } from './file-store.js';
import { replaceReason, storedJson } from './prediction.js';
import type { TestProviderSettings } from './settings.js';

export interface TestCloud {
  readonly settings: TestProviderSettings;
  readonly store: FileStore;
  /**
   * Creates or updates one object. It keeps its uid unless this is a replacement: the engine asked
   * for one, or an immutable attribute changed. Injects faults.
   */
  put(resource: Resource, isReplacement: boolean): Attributes;
  /** Deletes one object; deleting what is gone succeeds and logs nothing. Injects faults. */
  remove(id: string): void;
  /** The stored object, or undefined. */
  read(id: string): Attributes | undefined;
  /** Calls to this "cloud" so far: reads, writes and deletes; transient faults count as throttles. */
  metrics(): ProviderMetrics;
}

export async function openTestCloud(settings: TestProviderSettings): Promise<TestCloud> {
  const store = await openFileStore(settings.dir);
  const faults = createFaultInjector(settings);

  const calls = { read: 0, put: 0, remove: 0 };
  let throttled = 0;
  const injected = (failure: Error | undefined): void => {
    if (!failure) return;
    if (isRetryable(failure)) throttled++;
    throw failure;
  };
  return {
    settings,
    store,
    read(id) {
      calls.read++;
      return store.read(id);
    },
    metrics: () => ({
      apiCalls: calls.read + calls.put + calls.remove,
      throttled,
      callsByOperation: { ...calls },
    }),
    put(resource, isReplacement) {
      calls.put++;
      injected(faults.failureFor('apply', resource.id));
      const existing = store.read(resource.id);
      const isNewObject = isReplacement || replaceReason(resource, existing) !== undefined;
      const keptUid = isNewObject ? undefined : existing?.['uid'];
      const json = storedJson(
        resource.attributes,
        typeof keptUid === 'string' ? keptUid : randomUUID(),
      );
      store.write(resource.id, json);
      store.log(existing ? 'update' : 'create', resource.id);
      return JSON.parse(json) as Attributes;
    },
    remove(id) {
      calls.remove++;
      injected(faults.failureFor('delete', id));
      if (store.remove(id)) store.log('delete', id);
    },
  };
}

/**
 * The simulated cloud behind both the per-resource and the batch operations: settings, storage and
 * injected faults. Latency and cancellation stay with the callers, which know whether a call stands
 * for one resource or a whole batch.
 */
import { randomUUID } from 'node:crypto';
import type { Attributes, Resource } from '@kusion/sdk';
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
}

export async function openTestCloud(settings: TestProviderSettings): Promise<TestCloud> {
  const store = await openFileStore(settings.dir);
  const faults = createFaultInjector(settings);

  return {
    settings,
    store,
    put(resource, isReplacement) {
      const failure = faults.failureFor('apply', resource.id);
      if (failure) throw failure;
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
      const failure = faults.failureFor('delete', id);
      if (failure) throw failure;
      if (store.remove(id)) store.log('delete', id);
    },
  };
}

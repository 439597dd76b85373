/**
 * KusionStack Kusion's releases in the bucket (kusion-layout.ts), read through the object store
 * that serves ours; what they mean and how they join ours is ../kusion-releases.ts, shared with
 * the local backend.
 */
import { createKusionReleaseReader } from '../kusion-releases.js';
import type { KusionReleaseReader } from '../kusion-releases.js';
import { kusionReleaseKey } from './kusion-layout.js';
import { placeOf } from './object-store.js';
import type { ObjectStore } from './object-store.js';

/** Only reads: the store's writing methods are out of its reach. */
export function createObjectKusionReleaseReader(
  store: Pick<ObjectStore, 'get' | 'describe' | 'restoreFrom'>,
): KusionReleaseReader {
  return createKusionReleaseReader({
    read: async (folder, name) => (await store.get(kusionReleaseKey(folder, name)))?.body,
    placeOf: (folder, name) => placeOf(store, kusionReleaseKey(folder, name)),
  });
}

/**
 * The backend's wrapped data key as one object, `keys/data-key.json` under the prefix: created with
 * `If-None-Match: *` (two first runs never make two keys), re-wrapped with `If-Match: <etag>`.
 */
import type { KeyStore } from '@kusion/sdk';
import { DATA_KEY_NAME, parseWrappedKey, serializeWrappedKey } from '../wrapped-key-codec.js';
import { placeOf } from './object-store.js';
import type { ObjectStore } from './object-store.js';

export function createObjectKeyStore(store: ObjectStore): KeyStore {
  return {
    location: store.describe(DATA_KEY_NAME),
    async get() {
      const object = await store.get(DATA_KEY_NAME);
      if (!object) return undefined;
      return {
        key: parseWrappedKey(object.body, placeOf(store, DATA_KEY_NAME)),
        version: object.etag,
      };
    },
    async put(key, condition) {
      const outcome = await store.put(
        DATA_KEY_NAME,
        serializeWrappedKey(key),
        'ifAbsent' in condition ? { ifNoneMatch: '*' } : { ifMatch: condition.ifMatch },
      );
      return 'conflict' in outcome ? { stored: false } : { stored: true, version: outcome.etag };
    },
  };
}

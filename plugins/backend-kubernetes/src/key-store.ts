/**
 * The backend's wrapped data key as one Secret, `kusion-data-key`, next to the workspaces: created
 * with a `POST` that fails over an existing name (of racing first runs exactly one stores its key;
 * the others are told so and read the winner's), re-wrapped with a `PUT` carrying the
 * resourceVersion the writer read (a racing re-wrap gets 409 Conflict: stale, stores nothing).
 * The Secret holds the key only wrapped: the codec refuses a plain one before any request.
 */
import { parseWrappedKey, serializeWrappedKey } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { KeyStore, KeyWriteOutcome, WrappedKey } from '@kusion/sdk';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import { DATA_KEY_OBJECT_NAME, recordLabels } from './layout.js';
import { placeOf } from './release-objects.js';
import { secretData, secretText } from './secret-data.js';

/** The Secret's one data entry: the same JSON the other backends store as `keys/data-key.json`. */
export const DATA_KEY_ENTRY = 'data-key.json';

function dataKeySecret(key: WrappedKey): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/data-key',
    metadata: { name: DATA_KEY_OBJECT_NAME, labels: recordLabels('data-key') },
    data: secretData(DATA_KEY_ENTRY, serializeWrappedKey(key), 'the data key'),
  };
}

/** What a write answered, as the key store contract spells it. */
function outcomeOf(written: KubeObject | 'exists' | 'conflict' | 'missing'): KeyWriteOutcome {
  if (typeof written === 'string') return { stored: false };
  const version = written.metadata.resourceVersion;
  if (version === undefined) throw noVersion(written.metadata.name);
  return { stored: true, version };
}

function noVersion(name: string): KusionError {
  return new KusionError(
    'BACKEND_FAILED',
    `kubernetes backend: the API server answered for Secret ${name} with no resourceVersion, so the data key cannot be replaced safely`,
    {
      hint: 'check that the kubeconfig points at a Kubernetes API server, not a proxy that rewrites answers',
    },
  );
}

export function createKubernetesKeyStore(objects: NamespaceObjects): KeyStore {
  const place = placeOf(objects, DATA_KEY_OBJECT_NAME);
  return {
    location: place.where,

    async get() {
      const object = await objects.get('secrets', DATA_KEY_OBJECT_NAME);
      if (object === undefined) return undefined;
      // A Secret without the entry (edited by hand) is reported as damaged, not as absent: taken
      // as absent, the next run would make a second data key and strand every sealed release.
      const text = secretText(object, DATA_KEY_ENTRY);
      if (text === undefined) {
        throw new KusionError(
          'STATE_CORRUPT',
          `the data key in ${place.where} is damaged: it has no "${DATA_KEY_ENTRY}" entry`,
          {
            hint: `Restore ${place.where} ${place.restoreFrom}; without it no sealed secret of this backend opens.`,
          },
        );
      }
      const key = parseWrappedKey(text, place);
      const version = object.metadata.resourceVersion;
      if (version === undefined) throw noVersion(DATA_KEY_OBJECT_NAME);
      return { key, version };
    },

    async put(key, condition) {
      // Built first: a plain key is refused before anything is sent.
      const secret = dataKeySecret(key);
      if ('ifAbsent' in condition) return outcomeOf(await objects.create('secrets', secret));
      // An empty resourceVersion would make the PUT unconditional: no stored key has that version.
      if (condition.ifMatch === '') return { stored: false };
      const resourceVersion = condition.ifMatch;
      return outcomeOf(
        await objects.replace('secrets', {
          ...secret,
          metadata: { ...secret.metadata, resourceVersion },
        }),
      );
    },
  };
}

/**
 * The REST mapping (kind → plural resource name and scope), learnt from discovery once per
 * group/version per run and shared by every call: `GET /apis/apps/v1` answers for every apps/v1
 * kind. Only the group/versions a Spec uses are asked for. Applying a CustomResourceDefinition
 * makes its group forget what it knew, so its kinds are found once they are served.
 */
import { groupOf } from '../manifest/object-ref.js';
import { arrayAt, isJsonObject } from '../manifest/json-object.js';
import { KubeApiError } from './api-error.js';
import type { KubeTransport } from './transport.js';

export interface ResourceMapping {
  readonly apiVersion: string;
  readonly kind: string;
  /** The plural resource name in URLs: `deployments`. */
  readonly plural: string;
  readonly isNamespaced: boolean;
}

export interface RestMapper {
  /** The mapping of a kind, or undefined when the cluster does not serve it. */
  find(apiVersion: string, kind: string, signal: AbortSignal): Promise<ResourceMapping | undefined>;
  /** Forgets a group's group/versions: the next lookup asks the server again. */
  forgetGroup(group: string): void;
}

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export function createRestMapper(transport: KubeTransport): RestMapper {
  const byApiVersion = new Map<string, Promise<ReadonlyMap<string, ResourceMapping>>>();

  function load(
    apiVersion: string,
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, ResourceMapping>> {
    let loaded = byApiVersion.get(apiVersion);
    if (!loaded) {
      loaded = fetchGroupVersion(transport, apiVersion, signal);
      byApiVersion.set(apiVersion, loaded);
      // A failed lookup (network, cancellation) must not stay cached for the rest of the run.
      loaded.catch(() => {
        if (byApiVersion.get(apiVersion) === loaded) byApiVersion.delete(apiVersion);
      });
    }
    return loaded;
  }

  return {
    async find(apiVersion, kind, signal) {
      return (await load(apiVersion, signal)).get(kind);
    },
    forgetGroup(group) {
      for (const apiVersion of [...byApiVersion.keys()]) {
        if (groupOf(apiVersion) === group) byApiVersion.delete(apiVersion);
      }
    },
  };
}

async function fetchGroupVersion(
  transport: KubeTransport,
  apiVersion: string,
  signal: AbortSignal,
): Promise<ReadonlyMap<string, ResourceMapping>> {
  let list: unknown;
  try {
    list = await transport.request('GET', groupVersionPath(apiVersion), { signal });
  } catch (error) {
    // The group/version is not served (yet): no kinds.
    if (error instanceof KubeApiError && error.isNotFound) return new Map();
    throw error;
  }
  const mappings = new Map<string, ResourceMapping>();
  for (const entry of arrayAt(list, 'resources')) {
    if (!isJsonObject(entry)) continue;
    const { name, kind, namespaced } = entry;
    // Subresources (`deployments/status`) share the kind of their parent.
    if (typeof name !== 'string' || typeof kind !== 'string' || name.includes('/')) continue;
    mappings.set(kind, { apiVersion, kind, plural: name, isNamespaced: namespaced === true });
  }
  return mappings;
}

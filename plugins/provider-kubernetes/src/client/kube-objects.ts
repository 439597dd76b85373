/**
 * Object-level calls on any kind, through the REST mapping: get, list, server-side apply (or its
 * dry run), delete and watch. Paths are built from discovery, never guessed from the kind.
 */
import type { JsonObject } from '../manifest/json-object.js';
import { arrayAt, isJsonObject } from '../manifest/json-object.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import { parseConflicts } from '../apply/conflicts.js';
import { KubeApiError, UnknownKindError } from './api-error.js';
import { groupVersionPath } from './discovery.js';
import type { ResourceMapping, RestMapper } from './discovery.js';
import { watchCollection } from './watch.js';
import type { WatchEvent, WatchOptions } from './watch.js';
import type { KubeTransport } from './transport.js';

/** The field manager of everything Kusion applies. */
export const FIELD_MANAGER = 'kusion';

/** A server-side apply conflict in which every other owner is `kusion` (an Update, not ours). */
function isConflictWithKusionOnly(error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    error.isFieldManagerConflict &&
    parseConflicts(error.causes).every((conflict) => conflict.manager === FIELD_MANAGER)
  );
}

export interface ApplyCallOptions {
  readonly isDryRun: boolean;
  /** Take ownership of fields other managers own. */
  readonly force: boolean;
  readonly signal: AbortSignal;
}

export interface KubeObjects {
  readonly mapper: RestMapper;
  /** The namespace of namespaced objects that name none (the kubeconfig context's, or `default`). */
  readonly defaultNamespace: string;
  /** The mapping of a kind; rejects with UnknownKindError when the cluster does not serve it. */
  mappingOf(apiVersion: string, kind: string, signal: AbortSignal): Promise<ResourceMapping>;
  /** The object, or undefined when it does not exist. */
  get(
    mapping: ResourceMapping,
    ref: ObjectRef,
    signal: AbortSignal,
  ): Promise<JsonObject | undefined>;
  /** Every object of a kind in a namespace (or cluster-wide), apiVersion and kind filled in. */
  list(
    mapping: ResourceMapping,
    namespace: string | undefined,
    signal: AbortSignal,
  ): Promise<JsonObject[]>;
  /** Server-side apply of a complete manifest. */
  apply(mapping: ResourceMapping, body: JsonObject, options: ApplyCallOptions): Promise<JsonObject>;
  /**
   * Deletes with foreground propagation. Resolves to the object while it is being deleted
   * (finalizers), or undefined when it is gone (or never existed).
   */
  delete(
    mapping: ResourceMapping,
    ref: ObjectRef,
    signal: AbortSignal,
  ): Promise<JsonObject | undefined>;
  watch(
    mapping: ResourceMapping,
    namespace: string | undefined,
    options: WatchOptions,
  ): AsyncGenerator<WatchEvent, void, undefined>;
}

const LIST_PAGE_SIZE = '500';

export function createKubeObjects(
  transport: KubeTransport,
  mapper: RestMapper,
  defaultNamespace: string,
): KubeObjects {
  const namespaceOf = (
    mapping: ResourceMapping,
    namespace: string | undefined,
  ): string | undefined => (mapping.isNamespaced ? namespace || defaultNamespace : undefined);
  const collectionPath = (mapping: ResourceMapping, namespace: string | undefined): string => {
    const scoped = namespaceOf(mapping, namespace);
    const base = groupVersionPath(mapping.apiVersion);
    return scoped === undefined
      ? `${base}/${mapping.plural}`
      : `${base}/namespaces/${encodeURIComponent(scoped)}/${mapping.plural}`;
  };
  const objectPath = (mapping: ResourceMapping, ref: ObjectRef): string =>
    `${collectionPath(mapping, ref.namespace)}/${encodeURIComponent(ref.name)}`;

  return {
    mapper,
    defaultNamespace,

    async mappingOf(apiVersion, kind, signal) {
      const mapping = await mapper.find(apiVersion, kind, signal);
      if (!mapping) throw new UnknownKindError(apiVersion, kind);
      return mapping;
    },

    async get(mapping, ref, signal) {
      try {
        const object = await transport.request('GET', objectPath(mapping, ref), { signal });
        return isJsonObject(object) ? object : undefined;
      } catch (error) {
        if (error instanceof KubeApiError && error.isNotFound) return undefined;
        throw error;
      }
    },

    async list(mapping, namespace, signal) {
      const items: JsonObject[] = [];
      let continueToken: string | undefined;
      do {
        const page = await transport.request('GET', collectionPath(mapping, namespace), {
          signal,
          query: { limit: LIST_PAGE_SIZE, continue: continueToken },
        });
        for (const item of arrayAt(page, 'items')) {
          if (isJsonObject(item))
            items.push({ apiVersion: mapping.apiVersion, kind: mapping.kind, ...item });
        }
        const token =
          isJsonObject(page) && isJsonObject(page['metadata'])
            ? page['metadata']['continue']
            : undefined;
        continueToken = typeof token === 'string' && token !== '' ? token : undefined;
      } while (continueToken);
      return items;
    },

    async apply(mapping, body, options) {
      const metadata = isJsonObject(body['metadata']) ? body['metadata'] : {};
      const ref = {
        apiVersion: mapping.apiVersion,
        kind: mapping.kind,
        name: String(metadata['name']),
        namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined,
      };
      const send = (force: boolean): Promise<unknown> =>
        transport.request('PATCH', objectPath(mapping, ref), {
          signal: options.signal,
          body,
          contentType: 'application/apply-patch+yaml',
          query: {
            fieldManager: FIELD_MANAGER,
            force: force ? 'true' : undefined,
            dryRun: options.isDryRun ? 'All' : undefined,
          },
        });
      let result: unknown;
      try {
        result = await send(options.force);
      } catch (error) {
        // Fields only Kusion itself holds: KusionStack Kusion's Go runtime created and patched
        // objects as manager `kusion` (operation Update), which an apply by `kusion` conflicts
        // with. They are Kusion's to take, without --force-conflicts.
        if (options.force || !isConflictWithKusionOnly(error)) throw error;
        result = await send(true);
      }
      if (!isJsonObject(result))
        throw new KubeApiError(
          500,
          'the API server answered an apply with no object',
          `PATCH ${objectPath(mapping, ref)}`,
        );
      return result;
    },

    async delete(mapping, ref, signal) {
      try {
        const result = await transport.request('DELETE', objectPath(mapping, ref), {
          signal,
          body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground' },
        });
        // A Status means it is gone already; an object means it waits for finalizers.
        return isJsonObject(result) && result['kind'] !== 'Status' ? result : undefined;
      } catch (error) {
        if (error instanceof KubeApiError && error.isNotFound) return undefined;
        throw error;
      }
    },

    watch(mapping, namespace, options) {
      return watchCollection(transport, collectionPath(mapping, namespace), options);
    },
  };
}

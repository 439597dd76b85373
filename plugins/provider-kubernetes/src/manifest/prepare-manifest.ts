/**
 * The body of a server-side apply, made from a resource's manifest: what Kusion writes is applied
 * unchanged in meaning, minus what the apply API cannot take as is.
 */
import { cloneJson, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { addDefaultPortProtocols } from './port-protocols.js';
import { foldStringData } from './secrets.js';

export interface PrepareOptions {
  /** Whether the kind is namespaced (from discovery); undefined when unknown. */
  readonly isNamespaced?: boolean | undefined;
  /** Namespace of namespaced objects whose manifest names none (the kubeconfig context's). */
  readonly defaultNamespace: string;
}

/**
 * A copy of the manifest ready to apply:
 * - `status` is dropped: it is written through its own subresource, never by apply;
 * - `creationTimestamp: null` (what Kusion's Go generator writes) is dropped everywhere;
 * - a Secret's `stringData` is folded into `data`;
 * - ports get `protocol: TCP` where they have none (Kubernetes 1.20, see port-protocols.ts);
 * - a namespaced object without a namespace gets the default one.
 */
export function prepareManifest(manifest: JsonObject, options: PrepareOptions): JsonObject {
  const body = cloneJson(manifest);
  delete body['status'];
  dropNullCreationTimestamps(body);
  foldStringData(body);
  addDefaultPortProtocols(body);
  if (options.isNamespaced === true) {
    const metadata = isJsonObject(body['metadata']) ? body['metadata'] : {};
    if (typeof metadata['namespace'] !== 'string' || metadata['namespace'] === '') {
      metadata['namespace'] = options.defaultNamespace;
    }
    body['metadata'] = metadata;
  } else if (options.isNamespaced === false && isJsonObject(body['metadata'])) {
    delete body['metadata']['namespace'];
  }
  return body;
}

/** Removes `creationTimestamp: null` at any depth (pod templates carry one too), in place. */
export function dropNullCreationTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNullCreationTimestamps(item);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'creationTimestamp' && item === null) Reflect.deleteProperty(value, key);
      else dropNullCreationTimestamps(item);
    }
  }
}

/**
 * Kubernetes 1.20's server-side apply cannot merge a Service port or a container port without
 * `protocol`: the list is keyed by (port, protocol) and the key has no default in the apply
 * schema, so the request fails with a 500 ("associative list with keys has an element that omits
 * key field protocol"). We write the API's own default, `TCP`, where a port has none: the stored
 * object is the same as if the server had defaulted it, so previews show no difference.
 */
import { isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { hasPodTemplate, isCoreKind } from './well-known-kinds.js';

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Adds `protocol: TCP` to ports without one, in place. Only built-in kinds are touched. */
export function addDefaultPortProtocols(manifest: JsonObject): void {
  const apiVersion = String(manifest['apiVersion']);
  const kind = String(manifest['kind']);
  if (isCoreKind(apiVersion, kind, 'Service')) {
    const spec = manifest['spec'];
    if (isJsonObject(spec)) defaultProtocols(spec['ports']);
    return;
  }
  if (hasPodTemplate(apiVersion, kind)) visitPodSpecs(manifest);
}

/** Pod specs sit at different depths (Pod, Deployment, CronJob...): find every container list. */
function visitPodSpecs(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) visitPodSpecs(item);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if ((CONTAINER_LISTS as readonly string[]).includes(key) && Array.isArray(item)) {
      for (const container of item) {
        if (isJsonObject(container)) defaultProtocols(container['ports']);
      }
    } else {
      visitPodSpecs(item);
    }
  }
}

function defaultProtocols(ports: unknown): void {
  if (!Array.isArray(ports)) return;
  for (const port of ports) {
    if (isJsonObject(port) && port['protocol'] === undefined) port['protocol'] = 'TCP';
  }
}

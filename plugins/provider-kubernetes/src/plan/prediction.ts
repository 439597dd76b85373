/**
 * Predictions made without the server's dry run: when it cannot run (the namespace or the CRD is
 * created by the same deploy), for a replacement (the dry run refuses an immutable change), and
 * for values the server assigns on creation, which a dry run invents and the real create changes.
 */
import { cloneJson, isJsonObject } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { normalizeObject } from '../manifest/normalize.js';
import { KNOWN_AFTER_APPLY } from '../manifest/unknown-values.js';
import { isCoreKind } from '../manifest/well-known-kinds.js';

/** The object a create will make, from the apply body alone (no server defaults). */
export function predictFromManifest(body: JsonObject): JsonObject {
  const predicted = normalizeObject(body);
  markServerAssigned(predicted, body);
  return predicted;
}

/**
 * Marks what the server assigns on creation and the manifest does not set, in place: the uid, and
 * a Service's cluster IPs and node ports.
 */
export function markServerAssigned(predicted: JsonObject, body: JsonObject): void {
  const metadata = isJsonObject(predicted['metadata']) ? predicted['metadata'] : {};
  metadata['uid'] = KNOWN_AFTER_APPLY;
  predicted['metadata'] = metadata;
  if (!isCoreKind(String(predicted['apiVersion']), String(predicted['kind']), 'Service')) return;
  const spec = predicted['spec'];
  const wanted = isJsonObject(body['spec']) ? body['spec'] : {};
  if (!isJsonObject(spec)) return;
  for (const field of ['clusterIP', 'clusterIPs', 'healthCheckNodePort'] as const) {
    if (spec[field] !== undefined && wanted[field] === undefined) spec[field] = KNOWN_AFTER_APPLY;
  }
  const wantedPorts = Array.isArray(wanted['ports']) ? wanted['ports'] : [];
  if (!Array.isArray(spec['ports'])) return;
  spec['ports'].forEach((port, index) => {
    const wantedPort: unknown = wantedPorts[index];
    if (
      isJsonObject(port) &&
      port['nodePort'] !== undefined &&
      !(isJsonObject(wantedPort) && wantedPort['nodePort'] !== undefined)
    ) {
      port['nodePort'] = KNOWN_AFTER_APPLY;
    }
  });
}

/**
 * What a replacement will look like: the live object with the manifest laid over it, so the diff
 * shows the user's change rather than every default. The new object gets a new uid.
 */
export function predictReplacement(live: JsonObject, body: JsonObject): JsonObject {
  const merged = predictOverLive(live, body);
  const metadata = isJsonObject(merged['metadata']) ? merged['metadata'] : {};
  metadata['uid'] = KNOWN_AFTER_APPLY;
  merged['metadata'] = metadata;
  return merged;
}

/** An in-place change predicted without the server: the manifest laid over the live object. */
export function predictOverLive(live: JsonObject, body: JsonObject): JsonObject {
  const merged = overlay(live, normalizeObject(body));
  return isJsonObject(merged) ? merged : normalizeObject(body);
}

/** The manifest laid over the live object: maps merge, lists of named items merge by name. */
export function overlay(base: unknown, top: unknown): unknown {
  if (isJsonObject(base) && isJsonObject(top)) {
    const result = cloneJson(base);
    for (const [key, value] of Object.entries(top)) result[key] = overlay(base[key], value);
    return result;
  }
  if (Array.isArray(base) && Array.isArray(top)) {
    if (isNamedList(base) && isNamedList(top)) {
      const byName = new Map(base.map((item) => [item['name'], item]));
      return top.map((item) => overlay(byName.get(item['name']), item));
    }
    if (base.length === top.length) return top.map((item, index) => overlay(base[index], item));
  }
  return cloneJson(top);
}

function isNamedList(list: readonly unknown[]): list is JsonObject[] {
  return list.every((item) => isJsonObject(item) && typeof item['name'] === 'string');
}

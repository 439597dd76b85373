/**
 * Whether applying a manifest would change nothing, decided from the live object alone, without a
 * dry run: every value the manifest sets is already live, and every field Kusion owns (its
 * managed fields) is still in the manifest, so server-side apply would neither set nor remove
 * anything. When in doubt (another representation of a value, a list of another length), it
 * answers false and the dry run decides.
 */
import { FIELD_MANAGER } from '../client/kube-objects.js';
import { arrayAt, isJsonEqual, isJsonObject } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';

export function isUnchangedByApply(body: JsonObject, live: JsonObject): boolean {
  if (!isSubset(body, live)) return false;
  const owned = arrayAt(live, 'metadata', 'managedFields').filter(
    (entry): entry is JsonObject =>
      isJsonObject(entry) && entry['manager'] === FIELD_MANAGER && entry['operation'] === 'Apply',
  );
  // No entry: Kusion owns nothing (a bare Namespace, or an object it is about to adopt), so an
  // apply would only share ownership of equal values. More than one (applied with several
  // apiVersions): fields we cannot map, let the dry run decide.
  const [entry, ...others] = owned;
  if (!entry) return true;
  if (
    others.length ||
    entry['apiVersion'] !== body['apiVersion'] ||
    entry['fieldsType'] !== 'FieldsV1'
  )
    return false;
  return isJsonObject(entry['fieldsV1']) && coversFields(entry['fieldsV1'], body);
}

/** Every value in `wanted` is in `actual` (lists item by item, same length). */
function isSubset(wanted: unknown, actual: unknown): boolean {
  if (isJsonObject(wanted)) {
    return (
      isJsonObject(actual) &&
      Object.entries(wanted).every(
        ([key, value]) => Object.hasOwn(actual, key) && isSubset(value, actual[key]),
      )
    );
  }
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      wanted.length === actual.length &&
      wanted.every((item, index) => isSubset(item, actual[index]))
    );
  }
  return isJsonEqual(wanted, actual);
}

/**
 * Whether every field in a FieldsV1 set is present in `value`. Keys: `f:<name>` a field,
 * `k:<json>` a list item by its key fields, `v:<json>` a set item, `i:<n>` a list index, `.` the
 * node itself.
 */
function coversFields(fields: JsonObject, value: unknown): boolean {
  for (const [key, child] of Object.entries(fields)) {
    if (key === '.') continue;
    const next = childOf(key, value);
    if (next === undefined) return false;
    if (isJsonObject(child) && Object.keys(child).length && !coversFields(child, next.value))
      return false;
  }
  return true;
}

function childOf(key: string, value: unknown): { readonly value: unknown } | undefined {
  const rest = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:':
      return isJsonObject(value) && Object.hasOwn(value, rest) ? { value: value[rest] } : undefined;
    case 'i:': {
      const index = Number(rest);
      return Array.isArray(value) && index < value.length ? { value: value[index] } : undefined;
    }
    case 'k:': {
      const keys = parse(rest);
      if (!isJsonObject(keys) || !Array.isArray(value)) return undefined;
      const item: unknown = value.find(
        (candidate) =>
          isJsonObject(candidate) &&
          Object.entries(keys).every(([name, wanted]) => isJsonEqual(candidate[name], wanted)),
      );
      return item === undefined ? undefined : { value: item };
    }
    case 'v:': {
      const wanted = parse(rest);
      return Array.isArray(value) && value.some((item) => isJsonEqual(item, wanted))
        ? { value: wanted }
        : undefined;
    }
    default:
      return undefined;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

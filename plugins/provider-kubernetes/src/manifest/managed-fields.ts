/**
 * Field ownership as server-side apply records it in `metadata.managedFields`: FieldsV1 sets,
 * whose keys are `f:<name>` a field, `k:<json>` a list item by its key fields, `v:<json>` a set
 * item, `i:<n>` a list index, and `.` the node itself.
 */
import { FIELD_MANAGER } from '../client/kube-objects.js';
import { arrayAt, isJsonEqual, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';

export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: string;
  readonly apiVersion: string | undefined;
  /** Undefined when the entry is not FieldsV1 (an older or unknown format). */
  readonly fields: JsonObject | undefined;
}

export function managedFieldsOf(object: unknown): ManagedFieldsEntry[] {
  return arrayAt(object, 'metadata', 'managedFields')
    .filter(isJsonObject)
    .map((entry) => ({
      manager: typeof entry['manager'] === 'string' ? entry['manager'] : '',
      operation: typeof entry['operation'] === 'string' ? entry['operation'] : '',
      apiVersion: typeof entry['apiVersion'] === 'string' ? entry['apiVersion'] : undefined,
      fields:
        entry['fieldsType'] === 'FieldsV1' && isJsonObject(entry['fieldsV1'])
          ? entry['fieldsV1']
          : undefined,
    }));
}

/**
 * Every entry of Kusion's field manager: its server-side applies, and the creates and merge
 * patches KusionStack Kusion's Go runtime made as `kusion` (operation Update). The fields of
 * either are Kusion's.
 */
export function kusionOwnedEntriesOf(object: unknown): ManagedFieldsEntry[] {
  return managedFieldsOf(object).filter((entry) => entry.manager === FIELD_MANAGER);
}

/** Kusion's own entries: its server-side applies. */
export function kusionEntriesOf(object: unknown): ManagedFieldsEntry[] {
  return managedFieldsOf(object).filter(
    (entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Apply',
  );
}

/**
 * The part of a manifest whose fields an apply owns: without apiVersion, kind, name and namespace,
 * which identify the object and are never recorded as owned.
 */
export function ownablePart(manifest: JsonObject): JsonObject {
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = manifest;
  if (!isJsonObject(metadata)) return rest;
  const { name: _name, namespace: _namespace, ...ownableMetadata } = metadata;
  return Object.keys(ownableMetadata).length ? { ...rest, metadata: ownableMetadata } : rest;
}

/** Whether every field in a FieldsV1 set is present in `value`. */
export function isEveryFieldPresent(fields: JsonObject, value: unknown): boolean {
  for (const [key, child] of Object.entries(fields)) {
    if (key === '.') continue;
    const next = childOf(key, value);
    if (next === undefined) return false;
    if (isJsonObject(child) && Object.keys(child).length && !isEveryFieldPresent(child, next.value))
      return false;
  }
  return true;
}

/**
 * Whether every value the manifest sets (`wanted`) is a field of the set: applying it would not
 * make the manager own anything new. List items are matched through the live object (`actual`,
 * of which `wanted` is a subset item by item), whose items carry the defaulted key fields
 * (`protocol: TCP`) that item keys include.
 */
export function isEveryValueOwned(fields: JsonObject, wanted: unknown, actual: unknown): boolean {
  // A node owned without children is owned whole: a scalar, or an atomic struct, map or list.
  const children = Object.keys(fields).filter((key) => key !== '.');
  if (!children.length) return true;
  if (isJsonObject(wanted)) {
    return (
      isJsonObject(actual) &&
      Object.entries(wanted).every(([name, child]) => {
        const owned = fields[`f:${name}`];
        return isJsonObject(owned) && isEveryValueOwned(owned, child, actual[name]);
      })
    );
  }
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual)) return false;
    return wanted.every((item, index) => {
      const liveItem: unknown = actual[index];
      return children.some((key) => {
        const found = childOf(key, actual);
        const owned = fields[key];
        return (
          found !== undefined &&
          (found.value === liveItem ||
            (key.startsWith('v:') && isJsonEqual(found.value, liveItem))) &&
          isJsonObject(owned) &&
          isEveryValueOwned(owned, item, liveItem)
        );
      });
    });
  }
  return true;
}

/** The leaf fields of a set as readable paths: `data.mode`, `spec.containers[name=web].image`. */
export function fieldPaths(fields: JsonObject, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(fields)) {
    if (key === '.') continue;
    const path = joinPath(prefix, key);
    const nested = isJsonObject(child) ? fieldPaths(child, path) : [];
    if (nested.length) paths.push(...nested);
    else paths.push(path);
  }
  return paths;
}

function joinPath(prefix: string, key: string): string {
  const rest = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:':
      return prefix ? `${prefix}.${rest}` : rest;
    case 'i:':
      return `${prefix}[${rest}]`;
    case 'k:': {
      const keys = parse(rest);
      const label = isJsonObject(keys)
        ? Object.entries(keys)
            .map(
              ([name, value]) =>
                `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
            )
            .join(',')
        : rest;
      return `${prefix}[${label}]`;
    }
    default:
      return `${prefix}[${rest}]`;
  }
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

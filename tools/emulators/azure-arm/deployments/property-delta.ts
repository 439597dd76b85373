/**
 * What-if's property-level changes between a resource's current and predicted representations:
 * objects compared key by key (dotted paths), arrays element by element (an `Array` change with
 * children), values that Azure computes left out of the comparison.
 */
import { isDeepStrictEqual } from 'node:util';
import { cloneJson, isJsonObject } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';

export type PropertyChangeType = 'Create' | 'Delete' | 'Modify' | 'Array' | 'NoEffect';

export interface PropertyChange {
  readonly path: string;
  readonly propertyChangeType: PropertyChangeType;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly children?: readonly PropertyChange[];
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function arrayChanges(before: readonly JsonValue[], after: readonly JsonValue[]): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index += 1) {
    const path = String(index);
    const old = before[index];
    const next = after[index];
    if (old === undefined && next !== undefined)
      changes.push({ path, propertyChangeType: 'Create', after: next });
    else if (next === undefined && old !== undefined)
      changes.push({ path, propertyChangeType: 'Delete', before: old });
    else if (old !== undefined && next !== undefined && !isDeepStrictEqual(old, next)) {
      changes.push(
        isJsonObject(old) && isJsonObject(next)
          ? { path, propertyChangeType: 'Modify', children: propertyDelta(old, next) }
          : { path, propertyChangeType: 'Modify', before: old, after: next },
      );
    }
  }
  return changes;
}

export function propertyDelta(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path = '',
): PropertyChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (before === undefined) return [{ path, propertyChangeType: 'Create', after: after ?? null }];
  if (after === undefined) return [{ path, propertyChangeType: 'Delete', before }];
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => propertyDelta(before[key], after[key], join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after))
    return [{ path, propertyChangeType: 'Array', children: arrayChanges(before, after) }];
  return [{ path, propertyChangeType: 'Modify', before, after }];
}

/** The changes as JSON (what-if's `delta`). */
export function changesToJson(changes: readonly PropertyChange[]): JsonObject[] {
  return changes.map((change) => ({
    path: change.path,
    propertyChangeType: change.propertyChangeType,
    ...(change.before === undefined ? {} : { before: change.before }),
    ...(change.after === undefined ? {} : { after: change.after }),
    ...(change.children === undefined ? {} : { children: changesToJson(change.children) }),
  }));
}

function strip(value: JsonValue | undefined, keys: readonly string[]): void {
  const [key, ...rest] = keys;
  if (key === undefined || value === undefined) return;
  if (key === '*') {
    if (Array.isArray(value)) for (const item of value) strip(item, rest);
    return;
  }
  if (!isJsonObject(value)) return;
  if (rest.length === 0) Reflect.deleteProperty(value, key);
  else strip(value[key], rest);
}

/** A copy of `value` without the dotted `paths` (`*` matches every array element). */
export function withoutPaths(value: JsonObject, paths: readonly string[]): JsonObject {
  const copy = cloneJson(value);
  for (const path of paths) strip(copy, path.split('.'));
  return copy;
}

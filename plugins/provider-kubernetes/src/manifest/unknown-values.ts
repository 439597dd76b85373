/**
 * Values known only after apply: `$kusion_path` references to resources not applied yet. They
 * cannot go to the server's dry run (a reference string is not a port number), so the dry run
 * goes without them and the prediction shows the reference where the value will be.
 */
import { isKusionPath } from '@kusion/sdk';
import { cloneJson, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';

/** Stands in for a reference inside a list, where removing the item would shift the others. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

export type ValuePath = readonly (string | number)[];

/** Where the manifest still holds reference strings. */
export function findUnknownValues(manifest: JsonObject): ValuePath[] {
  const found: ValuePath[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (isKusionPath(value)) found.push([...path]);
    else if (Array.isArray(value))
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(manifest, []);
  return found;
}

/** A copy without the values at `paths`: object keys removed, list items replaced by a placeholder. */
export function withoutValues(manifest: JsonObject, paths: readonly ValuePath[]): JsonObject {
  const copy = cloneJson(manifest);
  for (const path of paths) {
    const parent = containerAt(copy, path.slice(0, -1));
    const last = path.at(-1);
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = KNOWN_AFTER_APPLY;
    else if (isJsonObject(parent) && typeof last === 'string') {
      Reflect.deleteProperty(parent, last);
    }
  }
  return copy;
}

/** Writes the manifest's values at `paths` into `target`, in place, where their parent exists. */
export function overlayValues(
  target: JsonObject,
  manifest: JsonObject,
  paths: readonly ValuePath[],
): void {
  for (const path of paths) {
    const source = containerAt(manifest, path.slice(0, -1));
    const parent = containerAt(target, path.slice(0, -1));
    const last = path.at(-1);
    if (last === undefined || parent === undefined || source === undefined) continue;
    const value = Array.isArray(source) ? source[Number(last)] : source[String(last)];
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
    else if (isJsonObject(parent)) parent[String(last)] = value;
  }
}

function containerAt(root: unknown, path: ValuePath): JsonObject | unknown[] | undefined {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current)) current = current[String(segment)];
    else return undefined;
  }
  return Array.isArray(current) || isJsonObject(current) ? current : undefined;
}

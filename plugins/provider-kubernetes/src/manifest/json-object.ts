/**
 * Typed access to JSON objects as the Kubernetes API returns them: nothing here trusts the shape
 * of what a server or a user wrote.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `path`, or undefined when a segment is missing or not an object. */
export function objectAt(root: unknown, ...path: readonly string[]): JsonObject | undefined {
  let current: unknown = root;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return isJsonObject(current) ? current : undefined;
}

export function stringAt(root: unknown, ...path: readonly string[]): string | undefined {
  const value = valueAt(root, path);
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(root: unknown, ...path: readonly string[]): number | undefined {
  const value = valueAt(root, path);
  return typeof value === 'number' ? value : undefined;
}

export function arrayAt(root: unknown, ...path: readonly string[]): readonly unknown[] {
  const value = valueAt(root, path);
  return Array.isArray(value) ? value : [];
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  const parent = objectAt(root, ...path.slice(0, -1));
  const last = path.at(-1);
  return parent && last !== undefined ? parent[last] : undefined;
}

/**
 * A deep copy of JSON data: arrays and plain objects are copied, anything else is shared. A walk
 * rather than `structuredClone`, which serialises and deserialises: ~8× the CPU on a manifest, and
 * a deploy of hundreds of objects copies each several times.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (typeof value !== 'object' || value === null) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    // A parsed "__proto__" key is data: assignment would set the copy's prototype instead.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = item;
  }
  return copy as T;
}

/** Deep equality of JSON values (key order ignored). */
export function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((item, i) => isJsonEqual(item, b[i]))
    );
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && isJsonEqual(a[key], b[key]))
    );
  }
  return false;
}

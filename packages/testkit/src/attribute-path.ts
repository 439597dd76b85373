/**
 * Dot paths into attributes (`spec.containers[0].image`, or `spec.containers.0.image`): the form
 * `sensitivePaths`, `DiffEntry.path` and `$kusion_path` references use.
 */
import { declaredSensitivePaths } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';

/** The segments of a dot path: `a.b[0].c` → `['a', 'b', '0', 'c']`. */
export function splitAttributePath(path: string): string[] {
  return path.split(/\.|\[(\d+)\]\.?/).filter((segment): segment is string => Boolean(segment));
}

/** The value at `path`, or undefined when any segment is missing. */
export function readAttributePath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of splitAttributePath(path)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Whether `path` is `ancestor` itself or lies under it. */
export function isWithinAttributePath(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

/** The paths a resource declares sensitive (`extensions.sensitivePaths`) that hold a value in it. */
export function presentSensitivePaths(
  resource: Pick<Resource, 'attributes' | 'extensions'>,
): string[] {
  return declaredSensitivePaths(resource).filter(
    (path) => readAttributePath(resource.attributes, path) !== undefined,
  );
}

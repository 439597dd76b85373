/** Field-level differences between a live and a predicted object, for the batch plan. */
import { isDeepStrictEqual } from 'node:util';
import type { DiffEntry } from '@kusion/sdk';
import { isWithinAttributePath } from '../attribute-path.js';

const MASK = '(sensitive)';

/** Paths use dots and `[n]`; values under `sensitivePaths` are replaced by `(sensitive)`. */
export function diffAttributes(
  before: unknown,
  after: unknown,
  sensitivePaths: readonly string[] = [],
): DiffEntry[] {
  const entries: DiffEntry[] = [];
  const mask = (path: string, value: unknown): unknown =>
    sensitivePaths.some((sensitive) => isWithinAttributePath(path, sensitive)) ? MASK : value;

  const walk = (path: string, left: unknown, right: unknown): void => {
    if (isDeepStrictEqual(left, right)) return;
    if (left === undefined) {
      entries.push({ path, kind: 'add', after: mask(path, right) });
    } else if (right === undefined) {
      entries.push({ path, kind: 'remove', before: mask(path, left) });
    } else if (Array.isArray(left) && Array.isArray(right)) {
      for (let index = 0; index < Math.max(left.length, right.length); index++) {
        walk(`${path}[${index}]`, left[index], right[index]);
      }
    } else if (isPlainObject(left) && isPlainObject(right)) {
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
        walk(path ? `${path}.${key}` : key, left[key], right[key]);
      }
    } else {
      entries.push({ path, kind: 'change', before: mask(path, left), after: mask(path, right) });
    }
  };
  walk('', before, after);
  return entries;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

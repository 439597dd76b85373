/** A field-level diff of two JSON values, with ignored fields left out and secrets masked. */
import { isDeepStrictEqual } from 'node:util';
import type { DiffEntry } from '../plan.js';
import type { FieldMatcher } from './field-matcher.js';
import { maskSensitive } from './mask.js';
import { formatAttributePath } from './path.js';

export interface DiffOptions {
  /** Fields left out of the diff (`--ignore-fields`). */
  readonly ignore?: FieldMatcher | undefined;
  /** Fields whose values are shown as `(sensitive)`. */
  readonly sensitive?: FieldMatcher | undefined;
}

/** Every changed leaf between `before` and `after`; arrays are compared index by index. */
export function diffObjects(
  before: unknown,
  after: unknown,
  options: DiffOptions = {},
): DiffEntry[] {
  const entries: DiffEntry[] = [];
  const path: (string | number)[] = [];
  const { ignore, sensitive } = options;
  const mask = (value: unknown): unknown =>
    sensitive && !sensitive.isEmpty ? maskSensitive(value, sensitive, path) : value;
  const emit = (kind: DiffEntry['kind'], from: unknown, to: unknown): void => {
    entries.push({
      path: formatAttributePath(path),
      kind,
      ...(kind === 'add' ? {} : { before: mask(from) }),
      ...(kind === 'remove' ? {} : { after: mask(to) }),
    });
  };

  const visit = (from: unknown, to: unknown): void => {
    if (ignore?.covers(path)) return;
    if (isPlainObject(from) && isPlainObject(to)) {
      for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
        path.push(key);
        if (!Object.hasOwn(to, key)) {
          if (!ignore?.covers(path)) emit('remove', from[key], undefined);
        } else if (!Object.hasOwn(from, key)) {
          if (!ignore?.covers(path)) emit('add', undefined, to[key]);
        } else {
          visit(from[key], to[key]);
        }
        path.pop();
      }
    } else if (Array.isArray(from) && Array.isArray(to)) {
      for (let i = 0; i < Math.max(from.length, to.length); i++) {
        path.push(i);
        if (i >= to.length) emit('remove', from[i], undefined);
        else if (i >= from.length) emit('add', undefined, to[i]);
        else visit(from[i], to[i]);
        path.pop();
      }
    } else if (!isDeepStrictEqual(from, to)) {
      emit('change', from, to);
    }
  };

  visit(before, after);
  return entries;
}

/** One `add` per top-level attribute: how a new resource is shown. */
export function diffForCreate(
  after: Readonly<Record<string, unknown>>,
  options: DiffOptions = {},
): DiffEntry[] {
  return diffObjects({}, after, options);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Masking by sensitive paths: the one function every output goes through, so a value under a
 * sensitive path (nested or behind a `*`) is shown as `(sensitive)` wherever it appears: in a
 * resource, in a diff entry, in a batch provider's diff.
 */
import type { DiffEntry } from '../plan.js';
import { createFieldMatcher } from './field-matcher.js';
import type { FieldMatcher } from './field-matcher.js';
import { parseAttributePath } from './path.js';
import type { AttributePath } from './path.js';

/** What a sensitive value is shown as. */
export const SENSITIVE_MASK = '(sensitive)';

/** A copy of `value` (found at `path`) with every part under a sensitive field replaced. */
export function transformSensitive(
  value: unknown,
  matcher: FieldMatcher,
  replace: (value: unknown, path: readonly (string | number)[]) => unknown,
  path: AttributePath = [],
): unknown {
  if (matcher.isEmpty) return value;
  return replaceBelow(value, [...path], matcher, replace);
}

/** A copy of `value` (found at `path`) with every sensitive part shown as `(sensitive)`. */
export function maskSensitive(
  value: unknown,
  matcher: FieldMatcher,
  path: AttributePath = [],
): unknown {
  return transformSensitive(value, matcher, () => SENSITIVE_MASK, path);
}

/** A diff with every value under a sensitive path masked, whatever its depth. */
export function maskDiff(
  diff: readonly DiffEntry[],
  sensitivePaths: readonly string[] | FieldMatcher,
): DiffEntry[] {
  const matcher = 'covers' in sensitivePaths ? sensitivePaths : createFieldMatcher(sensitivePaths);
  if (matcher.isEmpty) return [...diff];
  return diff.map((entry) => {
    const path = parseAttributePath(entry.path);
    if (!matcher.covers(path) && !matcher.containsMatchBelow(path)) return entry;
    return {
      ...entry,
      ...('before' in entry ? { before: maskSensitive(entry.before, matcher, path) } : {}),
      ...('after' in entry ? { after: maskSensitive(entry.after, matcher, path) } : {}),
    };
  });
}

function replaceBelow(
  value: unknown,
  path: (string | number)[],
  matcher: FieldMatcher,
  replace: (value: unknown, path: readonly (string | number)[]) => unknown,
): unknown {
  if (matcher.covers(path)) return replace(value, path);
  if (!matcher.containsMatchBelow(path)) return value;
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      path.push(index);
      const replaced = replaceBelow(item, path, matcher, replace);
      path.pop();
      return replaced;
    });
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      copy[key] = replaceBelow(item, path, matcher, replace);
      path.pop();
    }
    return copy;
  }
  return value;
}

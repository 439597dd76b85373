/**
 * Matches attribute paths against field patterns (`--ignore-fields`, sensitive paths): a pattern
 * covers its own path and everything below it; `*` matches any one segment.
 */
import { parseAttributePath } from './path.js';
import type { AttributePath } from './path.js';

export interface FieldMatcher {
  /** Whether the path is a pattern's field or lies under it. */
  covers(path: AttributePath): boolean;
  /** Whether some pattern names a field strictly below the path: the value there holds a match. */
  containsMatchBelow(path: AttributePath): boolean;
  readonly isEmpty: boolean;
}

export function createFieldMatcher(fields: Iterable<string>): FieldMatcher {
  const patterns = [...new Set(fields)].filter((f) => f !== '').map(parseAttributePath);
  const matchesPrefix = (
    pattern: readonly string[],
    path: AttributePath,
    length: number,
  ): boolean => {
    for (let i = 0; i < length; i++) {
      const segment = pattern[i];
      if (segment !== '*' && segment !== String(path[i])) return false;
    }
    return true;
  };
  return {
    isEmpty: patterns.length === 0,
    covers: (path) =>
      patterns.some(
        (pattern) => pattern.length <= path.length && matchesPrefix(pattern, path, pattern.length),
      ),
    containsMatchBelow: (path) =>
      patterns.some(
        (pattern) => pattern.length > path.length && matchesPrefix(pattern, path, path.length),
      ),
  };
}

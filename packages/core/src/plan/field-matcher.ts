/**
 * Matches attribute paths against user-given field paths (`--ignore-fields`, sensitive paths): a
 * field covers itself and everything below it; `*` matches any one segment.
 */
import { parseAttributePath } from '../graph/attribute-path.js';

export interface FieldMatcher {
  /** Whether the path (as segments, array indexes as numbers) is the field or under it. */
  covers(path: readonly (string | number)[]): boolean;
  readonly isEmpty: boolean;
}

export function createFieldMatcher(fields: Iterable<string>): FieldMatcher {
  const patterns = [...fields].filter((f) => f !== '').map(parseAttributePath);
  return {
    isEmpty: patterns.length === 0,
    covers(path) {
      return patterns.some(
        (pattern) =>
          pattern.length <= path.length &&
          pattern.every((segment, i) => segment === '*' || segment === String(path[i])),
      );
    },
  };
}

/**
 * Field-level differences between the recorded and the desired template part, for the plan's
 * `diff`. Values at sensitive paths are shown as `(sensitive)`: the engine does not mask what a
 * batch provider returns.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DiffEntry } from '@kusion/sdk';
import { isRecord } from '../model/aws-resource.js';

export const SENSITIVE_MASK = '(sensitive)';

export function diffAttributes(
  before: unknown,
  after: unknown,
  sensitivePaths: readonly string[] = [],
): DiffEntry[] {
  const entries: DiffEntry[] = [];
  const isSensitive = (path: string): boolean =>
    sensitivePaths.some(
      (sensitive) =>
        path === sensitive || path.startsWith(`${sensitive}.`) || path.startsWith(`${sensitive}[`),
    );
  const shown = (path: string, value: unknown): unknown =>
    isSensitive(path) ? SENSITIVE_MASK : value;
  const visit = (a: unknown, b: unknown, path: string): void => {
    if (isDeepStrictEqual(a, b)) return;
    // A whole object added or removed is listed field by field, so secrets inside it stay masked.
    if ((isRecord(a) || a === undefined) && (isRecord(b) || b === undefined)) {
      const from = a ?? {};
      const to = b ?? {};
      for (const key of new Set([...Object.keys(from), ...Object.keys(to)]))
        visit(from[key], to[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, index) => {
        visit(item, b[index], `${path}[${index}]`);
      });
      return;
    }
    if (a === undefined) entries.push({ path, kind: 'add', after: shown(path, b) });
    else if (b === undefined) entries.push({ path, kind: 'remove', before: shown(path, a) });
    else entries.push({ path, kind: 'change', before: shown(path, a), after: shown(path, b) });
  };
  visit(before, after, '');
  return entries;
}

/**
 * Secrets never leave the process in clear text: outputs show `(sensitive)`, and state keeps a
 * salted hash, enough to tell whether the value changed.
 */
import { createHash } from 'node:crypto';
import type { Attributes } from '@kusion/sdk';
import type { FieldMatcher } from './field-matcher.js';

export const SENSITIVE_MASK = '(sensitive)';
const HASH_PREFIX = '(sensitive sha256:';

/** A copy of `value` (found at `path`) with every sensitive part replaced by `(sensitive)`. */
export function maskSensitive(value: unknown, path: readonly (string | number)[], matcher: FieldMatcher): unknown {
  return replaceSensitive(value, [...path], matcher, () => SENSITIVE_MASK);
}

/** A copy of `value` with every sensitive part replaced by what `replace` returns. */
export function transformSensitive(
  value: unknown,
  matcher: FieldMatcher,
  replace: (value: unknown, path: readonly (string | number)[]) => unknown,
): unknown {
  return matcher.isEmpty ? value : replaceSensitive(value, [], matcher, replace);
}

/** A copy of a resource's attributes with sensitive values replaced by a salted hash. */
export function hashSensitive(resourceId: string, attributes: Attributes, matcher: FieldMatcher): Attributes {
  if (matcher.isEmpty) return attributes;
  return replaceSensitive(attributes, [], matcher, (value, path) => hashValue(resourceId, path, value)) as Attributes;
}

export function isHashedSensitive(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(HASH_PREFIX);
}

function hashValue(resourceId: string, path: readonly (string | number)[], value: unknown): string {
  if (isHashedSensitive(value)) return value as string;
  const digest = createHash('sha256')
    .update(`${resourceId}\0${path.join('.')}\0`)
    .update(JSON.stringify({ value }))
    .digest('hex');
  return `${HASH_PREFIX}${digest})`;
}

function replaceSensitive(
  value: unknown,
  path: (string | number)[],
  matcher: FieldMatcher,
  replace: (value: unknown, path: readonly (string | number)[]) => unknown,
): unknown {
  if (matcher.covers(path)) return replace(value, path);
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      path.push(index);
      const replaced = replaceSensitive(item, path, matcher, replace);
      path.pop();
      return replaced;
    });
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      copy[key] = replaceSensitive(item, path, matcher, replace);
      path.pop();
    }
    return copy;
  }
  return value;
}

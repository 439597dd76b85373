/**
 * Secrets never reach state in clear text: state keeps a salted hash of each value under a
 * sensitive path, enough to tell whether the value changed. Shared by the engine (what it records)
 * and the readers of KusionStack Kusion's releases (what Kusion recorded in clear), so one value
 * hashes the same whoever recorded it.
 */
import { createHash } from 'node:crypto';
import { transformSensitive } from '@kusion/sdk';
import type { Attributes, FieldMatcher } from '@kusion/sdk';

const HASH_PREFIX = '(sensitive sha256:';

/** A copy of a resource's attributes with sensitive values replaced by a salted hash. */
export function hashSensitive(
  resourceId: string,
  attributes: Attributes,
  matcher: FieldMatcher,
): Attributes {
  if (matcher.isEmpty) return attributes;
  return transformSensitive(attributes, matcher, (value, path) =>
    hashValue(resourceId, path, value),
  ) as Attributes;
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

/**
 * Lays a live ARM representation over a recorded normal form: every path the record holds takes
 * its live value, so what Azure computes on its own (defaults, provisioning state, etags) never
 * shows as drift, while a changed or removed value does. References and ARM expressions stay as
 * written (they cannot be compared with a value); an array takes the live elements, each laid over
 * the recorded one at its index, so an element added outside Kusion shows. Tags are the live tags
 * without Kusion's ownership tags; a location matches whatever its spelling (`West Europe`). The
 * secrets' digests are Kusion's own record, not Azure's: kept as recorded.
 */
import { isKusionPath } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import { IDENTITY_KEYS, isArmExpression, isRecord } from '../model/azure-resource.js';
import { SECRET_DIGESTS_KEY } from '../model/secret-digests.js';
import { withoutOwnershipTags } from '../model/tagging.js';

export function overlayLive(
  recorded: Attributes,
  live: Readonly<Record<string, unknown>>,
): Attributes {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recorded)) {
    if (
      (IDENTITY_KEYS as readonly string[]).includes(key) ||
      key === 'id' ||
      key === SECRET_DIGESTS_KEY
    ) {
      result[key] = value;
    } else if (key === 'tags') {
      if (isWrittenAsIs(value)) result[key] = value;
    } else if (key === 'location') {
      const seen = live['location'];
      if (typeof seen === 'string' && typeof value === 'string')
        result[key] = sameLocation(seen, value) ? value : seen;
      else if (isWrittenAsIs(value)) result[key] = value;
    } else {
      const laid = layOver(value, lookup(live, key));
      if (laid !== undefined) result[key] = laid;
    }
  }
  if (!isWrittenAsIs(recorded['tags'])) {
    const tags = liveTags(recorded['tags'], live['tags']);
    if (tags !== undefined) result['tags'] = tags;
  }
  return result;
}

/** The live tags without ownership tags; a tag recorded as a reference keeps its reference. */
function liveTags(recorded: unknown, live: unknown): unknown {
  const tags = withoutOwnershipTags(live);
  if (!isRecord(recorded) || !isRecord(tags)) return tags;
  const result = { ...tags };
  for (const [key, value] of Object.entries(recorded))
    if (isWrittenAsIs(value) && Object.hasOwn(result, key)) result[key] = value;
  return result;
}

/** A reference or expression: kept as recorded. */
function isWrittenAsIs(value: unknown): boolean {
  return isKusionPath(value) || isArmExpression(value);
}

function layOver(recorded: unknown, live: unknown): unknown {
  if (isWrittenAsIs(recorded)) return recorded;
  if (live === undefined || live === null) return undefined;
  if (isRecord(recorded) && isRecord(live)) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(recorded)) {
      const laid = layOver(value, lookup(live, key));
      if (laid !== undefined) result[key] = laid;
    }
    return result;
  }
  if (Array.isArray(recorded) && Array.isArray(live))
    return (live as readonly unknown[]).map((item, index) =>
      index < recorded.length ? layOver(recorded[index] as unknown, item) : item,
    );
  return live;
}

/** ARM matches property names without regard to case. */
function lookup(object: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  const found = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : object[found];
}

function sameLocation(left: string, right: string): boolean {
  const canonical = (text: string): string => text.replaceAll(' ', '').toLowerCase();
  return canonical(left) === canonical(right);
}

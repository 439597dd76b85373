/**
 * Whether applying a manifest would change nothing, decided from the live object alone, without a
 * dry run: every value the manifest sets is already live, every field Kusion owns (its managed
 * fields) is still in the manifest, and Kusion owns every field the manifest sets, so server-side
 * apply would neither set, remove nor take over anything. When in doubt (another representation
 * of a value, a list of another length), it answers false and the dry run decides.
 */
import { isJsonEqual, isJsonObject } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import {
  isEveryFieldPresent,
  isEveryValueOwned,
  kusionEntriesOf,
  ownablePart,
} from '../manifest/managed-fields.js';

export function isUnchangedByApply(body: JsonObject, live: JsonObject): boolean {
  if (!isSubset(body, live)) return false;
  const ownable = ownablePart(body);
  // More than one entry (applied with several apiVersions): fields we cannot map, let the dry run decide.
  const [entry, ...others] = kusionEntriesOf(live);
  // No entry: Kusion owns nothing, so unchanged only if the manifest sets nothing to own (a bare
  // Namespace); otherwise an apply would take ownership (adoption, or fields another manager took).
  if (!entry) return Object.keys(ownable).length === 0;
  if (others.length || entry.apiVersion !== body['apiVersion'] || !entry.fields) return false;
  return isEveryFieldPresent(entry.fields, body) && isEveryValueOwned(entry.fields, ownable, live);
}

/** Every value in `wanted` is in `actual` (lists item by item, same length). */
function isSubset(wanted: unknown, actual: unknown): boolean {
  if (isJsonObject(wanted)) {
    return (
      isJsonObject(actual) &&
      Object.entries(wanted).every(
        ([key, value]) => Object.hasOwn(actual, key) && isSubset(value, actual[key]),
      )
    );
  }
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      wanted.length === actual.length &&
      wanted.every((item, index) => isSubset(item, actual[index]))
    );
  }
  return isJsonEqual(wanted, actual);
}

/**
 * Changes of field ownership that an apply would make without changing any value: Kusion takes
 * fields another manager set to the value the Spec already has (`kubectl patch`, then the Spec
 * adopts the value), adopts an existing object, or lets go of fields it no longer sets while another
 * manager keeps them. The object looks the same, but the next change of those fields depends on
 * who owns them, so the plan must apply. Fields KusionStack Kusion's Go runtime wrote (manager
 * `kusion`, operation Update) are Kusion's already: moving them to its apply changes nothing.
 */
import { FIELD_MANAGER } from '../client/kube-objects.js';
import { isJsonEqual } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { fieldPaths, kusionOwnedEntriesOf, managedFieldsOf } from '../manifest/managed-fields.js';

const MAX_LISTED = 5;

/** Why an apply that changes no value must still run, or undefined when Kusion's fields stay the same. */
export function describeOwnershipChange(live: JsonObject, applied: JsonObject): string | undefined {
  // The common case, a change of values only: the same field sets, without expanding them to paths.
  const fieldsOf = (object: JsonObject): unknown[] =>
    kusionOwnedEntriesOf(object).map((entry) => entry.fields);
  if (isJsonEqual(fieldsOf(live), fieldsOf(applied))) return undefined;
  const before = ownedPaths(live);
  const after = ownedPaths(applied);
  const taken = [...after].filter((path) => !before.has(path));
  const released = [...before].filter((path) => !after.has(path));
  if (!taken.length && !released.length) return undefined;
  const parts: string[] = [];
  if (taken.length)
    parts.push(`Kusion takes ownership of ${list(taken)}${formerOwners(live, taken)}`);
  if (released.length) parts.push(`Kusion releases ${list(released)}`);
  return `field ownership changes: ${parts.join('; ')}`;
}

function ownedPaths(object: JsonObject): Set<string> {
  return new Set(
    kusionOwnedEntriesOf(object).flatMap((entry) => (entry.fields ? fieldPaths(entry.fields) : [])),
  );
}

function formerOwners(live: JsonObject, paths: readonly string[]): string {
  const wanted = new Set(paths);
  const owners = managedFieldsOf(live)
    .filter((entry) => entry.manager !== FIELD_MANAGER && entry.fields)
    .filter((entry) => fieldPaths(entry.fields ?? {}).some((path) => wanted.has(path)))
    .map((entry) => `"${entry.manager}"`);
  const unique = [...new Set(owners)];
  return unique.length ? ` (set by ${unique.join(', ')})` : '';
}

function list(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_LISTED).join(', ');
  return paths.length > MAX_LISTED
    ? `${shown} and ${String(paths.length - MAX_LISTED)} more`
    : shown;
}

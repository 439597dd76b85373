/**
 * What the test cloud stores for a resource — exactly its attributes plus a `uid` — and how `plan`
 * predicts it, normalised the way `read` returns it (a JSON round trip), so an unchanged resource
 * never shows a diff.
 */
import { isDeepStrictEqual } from 'node:util';
import { declaredSensitivePaths, findAtPath, getAtPath } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';

/** The predicted `uid` of an object apply will create: the cloud assigns it. */
export const UNKNOWN_AFTER_APPLY = '(known after apply)';

/**
 * The `extensions` key listing attribute paths that cannot change in place: changing one plans a
 * Replace, which gives the new object a new uid. Lets the engine's Replace path be tested.
 */
export const IMMUTABLE_PATHS_EXTENSION = 'immutablePaths';

/** The stored object: the attributes and the cloud-assigned uid, normalised by a JSON round trip. */
export function storedJson(attributes: Attributes, uid: string): string {
  return `${JSON.stringify({ ...attributes, uid }, null, 2)}\n`;
}

/** The object after apply; its uid is unknown when apply will create a new object. */
export function predictObject(
  resource: Resource,
  live: Attributes | undefined,
  isReplacement: boolean,
): Attributes {
  const uid =
    !isReplacement && typeof live?.['uid'] === 'string' ? live['uid'] : UNKNOWN_AFTER_APPLY;
  return JSON.parse(storedJson(resource.attributes, uid)) as Attributes;
}

/** Why the change cannot be made in place, or undefined. */
export function replaceReason(
  resource: Resource,
  live: Attributes | undefined,
): string | undefined {
  if (!live) return undefined;
  const changed = pathsExtension(resource, IMMUTABLE_PATHS_EXTENSION).find(
    (path) =>
      !isDeepStrictEqual(getAtPath(resource.attributes, path).value, getAtPath(live, path).value),
  );
  return changed === undefined ? undefined : `immutable attribute "${changed}" changed`;
}

/** The declared sensitive paths that hold a value, or undefined when there are none. */
export function sensitivePaths(resource: Resource): readonly string[] | undefined {
  const present = declaredSensitivePaths(resource).filter(
    (path) => findAtPath(resource.attributes, path).length > 0,
  );
  return present.length ? present : undefined;
}

/** A list of dot paths under `extensions[key]`; anything else counts as none (`validate` reports it). */
export function pathsExtension(resource: Resource, key: string): readonly string[] {
  const value = resource.extensions?.[key];
  return Array.isArray(value)
    ? value.filter((path): path is string => typeof path === 'string')
    : [];
}

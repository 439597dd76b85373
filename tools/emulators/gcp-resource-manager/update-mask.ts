/**
 * `update_mask` handling shared by the Update methods: paths name .proto fields (`display_name`,
 * not `displayName`), and only the fields a method may change are accepted.
 */
import { invalidArgument } from './rpc-error.ts';
import type { FieldMask } from './wire-types.ts';

/**
 * The mask's paths, checked against the mutable fields; undefined when the caller sent no mask
 * (each method decides what that means).
 */
export function maskPaths(
  mask: FieldMask | undefined,
  mutable: readonly string[],
): readonly string[] | undefined {
  if (mask === undefined) return undefined;
  const paths = mask.paths ?? [];
  const refused = paths.filter((path) => !mutable.includes(path));
  if (refused.length) {
    throw invalidArgument(
      `Invalid update_mask: ${refused.map((path) => `'${path}'`).join(', ')} cannot be updated by this method (updatable: ${mutable.join(', ')}).`,
      refused.map((path) => ({
        field: 'update_mask.paths',
        description: `${path} is not updatable`,
      })),
    );
  }
  return paths;
}

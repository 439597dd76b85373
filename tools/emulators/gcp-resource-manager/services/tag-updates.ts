/**
 * What TagKeys and TagValues share for updates and deletes: only `description` (and the `etag`
 * guarding it) can change, and a non-empty `etag` that does not match is ABORTED.
 */
import { aborted } from '../rpc-error.ts';
import { maskPaths } from '../update-mask.ts';
import { checkDescription } from '../validation.ts';
import type { FieldMask } from '../wire-types.ts';

interface Described {
  readonly name: string;
  readonly description: string;
  readonly etag: string;
}

export function checkEtag(record: Described, etag: string | undefined): void {
  if (etag && etag !== record.etag) {
    throw aborted(
      `The etag of ${record.name} does not match its current etag: it was changed concurrently.`,
    );
  }
}

/** The description an Update request leads to. Without a mask, description and etag count. */
export function updatedDescription(
  record: Described,
  update: { readonly description?: string; readonly etag?: string },
  mask: FieldMask | undefined,
  field: string,
): string {
  const paths = maskPaths(mask, ['description', 'etag']);
  checkEtag(record, update.etag);
  const isDescriptionUpdated = !paths?.length || paths.includes('description');
  const description = isDescriptionUpdated ? (update.description ?? '') : record.description;
  checkDescription(description, `${field}.description`);
  return description;
}

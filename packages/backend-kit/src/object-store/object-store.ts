/**
 * What an object-store backend needs from its storage (S3, Azure Blob, GCS…): small text objects
 * under one prefix, each with an ETag, and the conditional writes every store here builds on —
 * `If-None-Match: *` to create, `If-Match: <etag>` to replace or delete what was last seen.
 * Outcomes of conditions are values, not exceptions; every other failure is the implementation's
 * coded `BACKEND_FAILED` error naming the object.
 */
import type { StoredRecordPlace } from '../stored-record.js';

export interface StoredObject {
  readonly body: string;
  readonly etag: string;
  readonly lastModified: Date | undefined;
}

export interface ListedObject {
  /** Relative to the listed folder. */
  readonly name: string;
  readonly etag: string;
}

export interface Listing {
  readonly objects: readonly ListedObject[];
  /** Sub-folders (relative, ending with `/`); empty for a recursive listing. */
  readonly folders: readonly string[];
}

export type PutCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };

/** `exists`: If-None-Match failed; `changed`: If-Match failed; `missing`: nothing to match. */
export type PutOutcome =
  { readonly etag: string } | { readonly conflict: 'exists' | 'changed' | 'missing' };

export type DeleteOutcome = 'deleted' | 'missing' | 'changed';

/** Keys are relative to the store's prefix, which the implementation adds. */
export interface ObjectStore {
  /** Where an object is, for messages: `s3://bucket/prefix/key`, a blob's URL. */
  describe(key: string): string;
  /**
   * Completes "Restore <object> …" in messages about a damaged object: where an intact copy is
   * (`from an earlier object version (enable bucket versioning)`).
   */
  readonly restoreFrom: string;
  get(key: string): Promise<StoredObject | undefined>;
  /** The ETag of the object, without downloading it. */
  etagOf(key: string): Promise<string | undefined>;
  put(key: string, body: string, condition?: PutCondition): Promise<PutOutcome>;
  delete(key: string, ifMatch?: string): Promise<DeleteOutcome>;
  /** Objects (and, unless recursive, sub-folders) under `folder`, which ends with `/`. */
  list(folder: string, options?: { readonly isRecursive?: boolean }): Promise<Listing>;
  /** Deletes unconditionally; missing keys are fine. */
  deleteMany(keys: readonly string[]): Promise<void>;
  close(): void;
}

/** An object as messages about its damage name it. */
export function placeOf(
  store: Pick<ObjectStore, 'describe' | 'restoreFrom'>,
  key: string,
): StoredRecordPlace {
  return { where: store.describe(key), restoreFrom: store.restoreFrom };
}

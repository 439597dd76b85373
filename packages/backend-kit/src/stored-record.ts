/** How messages about a damaged stored record name it and say where to get an intact copy. */
export interface StoredRecordPlace {
  /** What the user can open: a path, or an `s3://bucket/key` URL. */
  readonly where: string;
  /** Completes "Restore <where> …", e.g. `from a backup`. */
  readonly restoreFrom: string;
}

/**
 * Maps a resource id to a file name, injectively: two different ids never share a file. Ids are
 * percent-encoded like `encodeURIComponent`, which is reversible, keeping only `A-Z a-z 0-9 - _ . ~`
 * as is, so names stay readable (`test:app.v2` → `test%3Aapp.v2.json`). A leading `.` is encoded
 * too, so no id becomes a hidden file, `.` or `..`. Names are case-sensitive, like Linux file systems.
 */
import { createHash } from 'node:crypto';

/** Longest readable stem; longer ones are shortened and made unique with a hash of the id. */
const MAX_READABLE_LENGTH = 200;
const SHORTENED_PREFIX_LENGTH = 150;

/** The name of the file that holds one resource. */
export function resourceFileName(id: string): string {
  return `${fileStem(id)}.json`;
}

function fileStem(id: string): string {
  const encoded = encodeURIComponent(id)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/^\./, '%2E');
  if (encoded.length <= MAX_READABLE_LENGTH) return encoded;
  // File names are limited to 255 bytes. A shortened stem is always longer than any readable one,
  // so the two forms cannot meet; two shortened stems meet only on a SHA-256 collision.
  const digest = createHash('sha256').update(id).digest('hex');
  return `${encoded.slice(0, SHORTENED_PREFIX_LENGTH)}~${digest}`;
}

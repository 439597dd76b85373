/**
 * What a Secret holds and how big it may be. Releases and journal groups are stored gzip-compressed
 * (state JSON shrinks about tenfold), because the API server refuses a Secret whose data exceeds
 * 1 MiB; a record still too large is refused here with a message that says so, before any request.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { KusionError } from '@kusion/sdk';
import { isRecord } from './client/api-error.js';
import type { KubeObject } from './client/namespace-objects.js';

/** The API server's limit on a Secret's data (`MaxSecretSize`). */
export const MAX_SECRET_DATA_BYTES = 1024 * 1024;
/** Left for the keys of `data`: the limit counts them too. */
const KEY_ROOM = 1024;

/** `data` for a Secret holding `text` under `key`, gzip-compressed when `key` ends in `.gz`. */
export function secretData(key: string, text: string, what: string): Record<string, string> {
  const raw = Buffer.from(text, 'utf8');
  const bytes = key.endsWith('.gz') ? gzipSync(raw) : raw;
  if (bytes.length > MAX_SECRET_DATA_BYTES - KEY_ROOM) {
    throw new KusionError(
      'STATE_TOO_LARGE',
      `${what} is too large for the kubernetes backend: ${formatBytes(raw.length)} of JSON is ${formatBytes(bytes.length)} compressed, and a Secret holds at most ${formatBytes(MAX_SECRET_DATA_BYTES)}`,
      {
        hint: 'Split the stack into smaller stacks (fewer or smaller resources per stack), or keep this workspace in a backend without a size limit per record (s3, postgres, azure-blob).',
      },
    );
  }
  return { [key]: bytes.toString('base64') };
}

/** The text a Secret holds under `key`, or `undefined` when it has no such key or it does not decode. */
export function secretText(object: KubeObject, key: string): string | undefined {
  const data = isRecord(object['data']) ? object['data'] : {};
  const encoded = data[key];
  if (typeof encoded !== 'string') return undefined;
  try {
    const bytes = Buffer.from(encoded, 'base64');
    return (key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch {
    return undefined;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

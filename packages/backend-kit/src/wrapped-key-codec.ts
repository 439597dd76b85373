/**
 * The backend's wrapped data key as JSON (`keys/data-key.json` in object stores, a row in
 * PostgreSQL): a parser that reports a damaged record instead of handing a key service garbage,
 * and refuses a plain key — only the local backend may hold one (`none`), in the user's own home.
 */
import { KusionError } from '@kusion/sdk';
import type { WrappedKey } from '@kusion/sdk';
import type { StoredRecordPlace } from './stored-record.js';

/** Where object-store backends keep it, relative to their prefix. */
export const DATA_KEY_NAME = 'keys/data-key.json';

export function serializeWrappedKey(key: WrappedKey): string {
  if (key.service === 'none') {
    throw new KusionError(
      'INVALID_ARGUMENT',
      'a shared backend never stores a data key in clear (wrapping "none")',
      { hint: 'configure a key service under the backend\'s "sealing" in config.yaml' },
    );
  }
  return `${JSON.stringify(key, null, 2)}\n`;
}

function isParameters(value: unknown): value is Record<string, string | number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string' || typeof item === 'number')
  );
}

export function parseWrappedKey(text: string, place: StoredRecordPlace): WrappedKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const problem =
    typeof record.service !== 'string' || record.service === 'none'
      ? '"service" names no key service'
      : typeof record.ciphertext !== 'string' || record.ciphertext === ''
        ? '"ciphertext" is missing'
        : !isParameters(record.parameters)
          ? '"parameters" is not a map of strings and numbers'
          : typeof record.keyId !== 'string' || !/^[0-9a-f]{16}$/.test(record.keyId)
            ? '"keyId" is not a key fingerprint'
            : typeof record.createdAt !== 'string'
              ? '"createdAt" is missing'
              : undefined;
  if (value === undefined || problem) {
    throw new KusionError(
      'STATE_CORRUPT',
      `the data key in ${place.where} is damaged: ${problem ?? 'it is not JSON'}`,
      {
        hint: `Restore ${place.where} ${place.restoreFrom}; without it no sealed secret of this backend opens.`,
      },
    );
  }
  return record as unknown as WrappedKey;
}

/**
 * Data keys as bytes: how a key written as text becomes one (`KUSION_SECRET_KEY`, a key file), and
 * the fingerprint that names a key in sealed values and messages without revealing it.
 */
import { createHmac, scryptSync } from 'node:crypto';

/** AES-256: every data key is 32 bytes. */
export const DATA_KEY_BYTES = 32;

/** 32 bytes as base64 are used as is; anything else is a passphrase stretched with scrypt. */
export function keyFromText(text: string): Buffer {
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length === DATA_KEY_BYTES && /^[A-Za-z0-9+/]+=*$/.test(text)) return decoded;
  return scryptSync(text, 'kusion-secret-key', DATA_KEY_BYTES);
}

/**
 * 16 hex digits naming a key: an HMAC keyed by the key itself, so it reveals nothing of it and two
 * machines holding the same key compute the same id.
 */
export function keyIdOf(key: Uint8Array): string {
  return createHmac('sha256', key).update('kusion data key id').digest('hex').slice(0, 16);
}

/**
 * Values the engine generates for a secret left empty (a workload secret's password or token).
 * Kusion draws a random one on every generate, so every preview shows a change; ours is derived
 * from the sealing key (the backend's data key, or the machine's `KUSION_SECRET_KEY` /
 * `$KUSION_HOME/secret.key`) and where the value is used, so it is random to everyone without the
 * key, and the same on every run of a team that shares the key.
 */
import { createHmac } from 'node:crypto';
import type { ReleaseScope } from '@kusion/sdk';
import type { SecretScrubber } from './secret-scrubber.js';

/** Kusion's alphabet for generated secrets: no vowels (no words), no look-alikes. */
const ALPHABET = 'bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ2456789';
/** Kusion's length for generated secrets. */
const LENGTH = 54;
/** The largest multiple of the alphabet's size in a byte: bytes above are skipped (no bias). */
const BYTE_LIMIT = 256 - (256 % ALPHABET.length);

export type SecretDeriver = (label: string) => Promise<string>;

/** Derives values for one stack in one workspace; each is added to the scrubber. */
export function createSecretDeriver(
  sealingKey: () => Promise<{ readonly key: Buffer }>,
  scope: ReleaseScope,
  scrubber: SecretScrubber,
): SecretDeriver {
  return async (label) => {
    const value = deriveSecret(
      (await sealingKey()).key,
      `${scope.project}\0${scope.stack}\0${scope.workspace}\0${label}`,
    );
    scrubber.add(value);
    return value;
  };
}

export function deriveSecret(key: Buffer, label: string): string {
  let text = '';
  for (let block = 0; text.length < LENGTH; block++) {
    const bytes = createHmac('sha256', key).update(`${label}\0${block}`).digest();
    for (const byte of bytes) {
      if (byte >= BYTE_LIMIT) continue;
      text += ALPHABET[byte % ALPHABET.length] ?? '';
      if (text.length === LENGTH) break;
    }
  }
  return text;
}

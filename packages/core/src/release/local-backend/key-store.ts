/**
 * The local backend's data key: `$KUSION_HOME/secret.key`, as before envelope encryption. Without
 * a `sealing:` configuration it holds the key itself (base64, mode 0600: the `none` wrapping, which
 * only a file on the user's own disk may use); with one, the wrapped key as JSON.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { KeyStore, KeyWriteOutcome, StoredWrappedKey, WrappedKey } from '@kusion/sdk';
import { keyFromText, keyIdOf } from '../../secrets/key-material.js';
import { createFileExclusive, readTextIfExists, writeFileAtomic } from './atomic-file.js';
import { withLockGuard } from './lock-guard.js';

export const LOCAL_KEY_FILE = 'secret.key';

export function createLocalKeyStore(home: string): KeyStore {
  const file = join(home, LOCAL_KEY_FILE);
  const versionOf = (text: string): string => createHash('sha256').update(text).digest('hex');

  async function get(): Promise<StoredWrappedKey | undefined> {
    const text = await readTextIfExists(file);
    if (text === undefined) return undefined;
    return { key: await parse(text), version: versionOf(text) };
  }

  async function parse(text: string): Promise<WrappedKey> {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{')) {
      return {
        service: 'none',
        ciphertext: trimmed,
        parameters: {},
        keyId: keyIdOf(keyFromText(trimmed)),
        createdAt: (await stat(file)).mtime.toISOString(),
      };
    }
    try {
      return JSON.parse(trimmed) as WrappedKey;
    } catch (error) {
      throw new KusionError('STATE_CORRUPT', `${file} is neither a key nor a wrapped data key`, {
        cause: error,
        hint: `restore it from a backup; without it, secrets sealed with it cannot be opened`,
      });
    }
  }

  const render = (key: WrappedKey): string =>
    key.service === 'none' ? `${key.ciphertext}\n` : `${JSON.stringify(key, null, 2)}\n`;

  return {
    location: file,
    get,
    async put(key, condition): Promise<KeyWriteOutcome> {
      const text = render(key);
      if ('ifAbsent' in condition) {
        return (await createFileExclusive(file, text))
          ? { stored: true, version: versionOf(text) }
          : { stored: false };
      }
      // Read-compare-replace under the same side lock the lock files use.
      return withLockGuard(`${file}.guard`, async () => {
        const current = await readTextIfExists(file);
        if (current === undefined || versionOf(current) !== condition.ifMatch) {
          return { stored: false };
        }
        await writeFileAtomic(file, text);
        return { stored: true, version: versionOf(text) };
      });
    },
  };
}

/**
 * The machine's key: what sealed secrets before backends kept a data key, and still does for a
 * backend without a `sealing:` configuration. `KUSION_SECRET_KEY` when set, else
 * `$KUSION_HOME/secret.key` (created on first use). With a `sealing:` configuration these keys only
 * open releases sealed before it, and seed the backend's first data key (see `data-key.ts`).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { StoredWrappedKey } from '@kusion/sdk';
import { createLocalKeyStore, LOCAL_KEY_FILE } from '../release/local-backend/key-store.js';
import { DATA_KEY_BYTES, keyFromText, keyIdOf } from './key-material.js';

export const SECRET_KEY_VARIABLE = 'KUSION_SECRET_KEY';

/** A key with its fingerprint and where it came from, for messages. */
export interface SealingKey {
  readonly key: Buffer;
  readonly id: string;
  readonly source: string;
}

function sealingKey(key: Buffer, source: string): SealingKey {
  return { key, id: keyIdOf(key), source };
}

/** `KUSION_SECRET_KEY`, else `$KUSION_HOME/secret.key`, created when missing. */
export async function loadMachineKey(kusionHome: string): Promise<SealingKey> {
  const fromEnv = environmentKey();
  if (fromEnv) return fromEnv;
  const store = createLocalKeyStore(kusionHome);
  let stored = await store.get();
  if (!stored) {
    const text = randomBytes(DATA_KEY_BYTES).toString('base64');
    await store.put(
      {
        service: 'none',
        ciphertext: text,
        parameters: {},
        keyId: keyIdOf(keyFromText(text)),
        createdAt: new Date().toISOString(),
      },
      { ifAbsent: true },
    );
    stored = await store.get(); // ours, or the one a concurrent first run wrote
  }
  return fileKey(kusionHome, stored);
}

/** The machine's keys that exist, without creating one: for opening older seals. */
export async function readMachineKeys(kusionHome: string): Promise<readonly SealingKey[]> {
  const keys: SealingKey[] = [];
  const fromEnv = environmentKey();
  if (fromEnv) keys.push(fromEnv);
  const stored = await createLocalKeyStore(kusionHome).get();
  if (stored?.key.service === 'none') keys.push(fileKey(kusionHome, stored));
  return keys;
}

function environmentKey(): SealingKey | undefined {
  const text = process.env[SECRET_KEY_VARIABLE];
  return text ? sealingKey(keyFromText(text), SECRET_KEY_VARIABLE) : undefined;
}

function fileKey(kusionHome: string, stored: StoredWrappedKey | undefined): SealingKey {
  const file = join(kusionHome, LOCAL_KEY_FILE);
  if (stored?.key.service !== 'none') {
    throw new KusionError(
      'CONFIG_INVALID',
      `${file} holds a data key wrapped by "${stored?.key.service ?? 'nothing'}", and the backend in use names no key service to open it`,
      {
        hint: `add "sealing: { service: ${stored?.key.service ?? 'passphrase'}, ... }" to the local backend in ${join(kusionHome, 'config.yaml')}, or set ${SECRET_KEY_VARIABLE}`,
      },
    );
  }
  return sealingKey(keyFromText(stored.key.ciphertext), file);
}

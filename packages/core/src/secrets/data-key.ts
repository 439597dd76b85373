/**
 * The backend's data key: read and unwrapped, or made on first use — exactly one, however many
 * first runs race (the store's create-if-absent decides) — and re-wrapped by `kusion secrets
 * rotate`. The plain key only ever lives in memory.
 */
import { randomBytes } from 'node:crypto';
import { KusionError } from '@kusion/sdk';
import type { KeyService, KeyStore, StoredWrappedKey, WrappedKey } from '@kusion/sdk';
import { DATA_KEY_BYTES, keyFromText, keyIdOf } from './key-material.js';

export interface DataKeyAccess {
  readonly store: KeyStore;
  /** The configured service, and its name. */
  readonly serviceName: string;
  readonly service: KeyService;
  /** The service that wrapped a stored key, when it is another one. */
  readonly serviceFor: (name: string) => Promise<KeyService>;
  readonly signal: AbortSignal;
}

/** Opens the stored data key, checking it is the key its fingerprint names. */
export async function unwrapStored(access: DataKeyAccess, stored: WrappedKey): Promise<Buffer> {
  const plaintext =
    stored.service === 'none'
      ? keyFromText(stored.ciphertext)
      : Buffer.from(
          await (
            stored.service === access.serviceName
              ? access.service
              : await access.serviceFor(stored.service)
          ).unwrap(stored, { signal: access.signal }),
        );
  if (keyIdOf(plaintext) !== stored.keyId) {
    throw new KusionError(
      'KEY_SERVICE_FAILED',
      `the data key in ${access.store.location} unwraps to a key whose fingerprint is ${keyIdOf(plaintext)}, not ${stored.keyId}`,
      { hint: 'the stored key was altered: restore it from a backup (an earlier object version)' },
    );
  }
  return plaintext;
}

/**
 * The backend's data key. When there is none yet, `seed` (the machine key of a team migrating from
 * `KUSION_SECRET_KEY`) becomes it, else a new random key; a plain `none` key left by the local
 * backend is wrapped in place.
 */
export async function obtainDataKey(
  access: DataKeyAccess,
  seed: () => Promise<Buffer | undefined>,
): Promise<Buffer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await access.store.get();
    if (stored) {
      const plaintext = await unwrapStored(access, stored.key);
      if (stored.key.service === 'none') await rewrap(access, stored, plaintext);
      return plaintext;
    }
    const created = await createDataKey(access, await seed());
    const outcome = await access.store.put(created.wrapped, { ifAbsent: true });
    if (outcome.stored) return created.plaintext;
    // Another first run stored its key between our read and our write: use that one.
  }
  throw new KusionError(
    'STATE_CONFLICT',
    `the data key in ${access.store.location} kept changing while it was read`,
    { hint: 'run the command again' },
  );
}

async function createDataKey(
  access: DataKeyAccess,
  seed: Buffer | undefined,
): Promise<{ plaintext: Buffer; wrapped: WrappedKey }> {
  const request = { signal: access.signal };
  let plaintext: Buffer;
  let wrapping;
  if (seed === undefined && access.service.generateDataKey) {
    const generated = await access.service.generateDataKey(request);
    plaintext = Buffer.from(generated.plaintext);
    wrapping = generated.wrapping;
  } else {
    plaintext = seed ?? randomBytes(DATA_KEY_BYTES);
    wrapping = await access.service.wrap(plaintext, request);
  }
  return {
    plaintext,
    wrapped: {
      service: access.serviceName,
      ...wrapping,
      keyId: keyIdOf(plaintext),
      createdAt: new Date().toISOString(),
    },
  };
}

async function rewrap(
  access: DataKeyAccess,
  stored: StoredWrappedKey,
  plaintext: Buffer,
): Promise<WrappedKey> {
  const wrapping = await access.service.wrap(plaintext, { signal: access.signal });
  const wrapped: WrappedKey = {
    service: access.serviceName,
    ...wrapping,
    keyId: stored.key.keyId,
    createdAt: stored.key.createdAt,
    rotatedAt: new Date().toISOString(),
  };
  const outcome = await access.store.put(wrapped, { ifMatch: stored.version });
  if (!outcome.stored) {
    throw new KusionError(
      'STATE_CONFLICT',
      `the data key in ${access.store.location} was changed by someone else while it was re-wrapped`,
      { hint: 'run "kusion secrets rotate" again' },
    );
  }
  return wrapped;
}

export interface RotationResult {
  readonly keyId: string;
  readonly previous: Pick<WrappedKey, 'service' | 'parameters'>;
  readonly current: WrappedKey;
}

/** Re-wraps the stored data key with the configured service (a new KMS key, a new passphrase). */
export async function rotateDataKey(access: DataKeyAccess): Promise<RotationResult> {
  const stored = await access.store.get();
  if (!stored) {
    throw new KusionError(
      'SEALING_KEY_MISSING',
      `there is no data key in ${access.store.location} yet: nothing to rotate`,
      {
        hint: 'the first deploy that seals a secret creates it, wrapped by the configured key service',
      },
    );
  }
  const plaintext = await unwrapStored(access, stored.key);
  const current = await rewrap(access, stored, plaintext);
  return {
    keyId: stored.key.keyId,
    previous: { service: stored.key.service, parameters: stored.key.parameters },
    current,
  };
}

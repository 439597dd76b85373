/**
 * The `passphrase` key service: the data key is wrapped (AES-256-GCM) by a key derived with scrypt
 * from a passphrase in an environment variable the configuration names. The passphrase itself is
 * never written to a file: config.yaml names the variable, the stored key keeps the salt and cost.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { ConfigError, KusionError } from '@kusion/sdk';
import type {
  KeyService,
  KeyServiceContext,
  KeyServiceRegistration,
  WrappedKey,
} from '@kusion/sdk';

export const PASSPHRASE_SERVICE = 'passphrase';

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and ~100 ms per derivation, once per run. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const MAX_MEMORY = 64 * 1024 * 1024;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function deriveKek(
  passphrase: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...cost, maxmem: MAX_MEMORY }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** `undefined` for no settings at all: a service that only unwraps (rotating away from it). */
function parseSettings(settings: Record<string, unknown>, where: string): string | undefined {
  if (Object.keys(settings).length === 0) return undefined;
  const problems: string[] = [];
  for (const key of Object.keys(settings)) {
    if (key === 'passphrase') {
      problems.push(
        '"passphrase" must not be written in a file: name the environment variable that holds it with "passphraseEnv"',
      );
    } else if (key !== 'passphraseEnv') {
      problems.push(
        `unknown setting "${key}" of the passphrase key service (known: passphraseEnv)`,
      );
    }
  }
  const name = settings.passphraseEnv;
  if (typeof name !== 'string' || !VARIABLE_NAME.test(name)) {
    problems.push(
      `"passphraseEnv" must name an environment variable (KUSION_PASSPHRASE), received ${name === undefined ? 'nothing' : JSON.stringify(name)}`,
    );
  }
  if (problems.length) {
    throw new ConfigError(
      problems.map((message) => ({ message, file: where })),
      { hint: 'sealing: { service: passphrase, passphraseEnv: KUSION_PASSPHRASE }' },
    );
  }
  return name as string;
}

function createPassphraseService(
  variable: string | undefined,
  context: KeyServiceContext,
): KeyService {
  const passphraseIn = (name: string): string => {
    const value = context.env[name];
    if (!value) {
      throw new KusionError(
        'KEY_SERVICE_FAILED',
        `the passphrase that wraps the backend's data key is read from $${name}, which is not set`,
        {
          hint: `export ${name}=<the team's passphrase> (keep it in your password manager or CI secrets)`,
        },
      );
    }
    return value;
  };
  return {
    description: variable ? `a passphrase from $${variable}` : 'a passphrase',
    async wrap(plaintext) {
      if (!variable) {
        throw new ConfigError([
          { message: 'sealing.passphraseEnv is required', file: context.where },
        ]);
      }
      const salt = randomBytes(16);
      const kek = await deriveKek(passphraseIn(variable), salt, COST);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv);
      const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return {
        ciphertext: Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64'),
        parameters: {
          kdf: 'scrypt',
          salt: salt.toString('base64'),
          ...COST,
          passphraseEnv: variable,
        },
      };
    },
    async unwrap(wrapped: WrappedKey) {
      const { salt, N, r, p, passphraseEnv } = wrapped.parameters;
      const name = typeof passphraseEnv === 'string' ? passphraseEnv : (variable ?? '');
      const kek = await deriveKek(passphraseIn(name), Buffer.from(String(salt), 'base64'), {
        N: Number(N),
        r: Number(r),
        p: Number(p),
      });
      const raw = Buffer.from(wrapped.ciphertext, 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
      } catch (error) {
        throw new KusionError(
          'KEY_SERVICE_FAILED',
          `the passphrase in $${name} does not open the backend's data key ${wrapped.keyId}`,
          {
            cause: error,
            hint: `set ${name} to the passphrase the key was wrapped with (after a change of passphrase, the old one until "kusion secrets rotate" re-wraps it)`,
          },
        );
      }
    },
  };
}

export const passphraseKeyService: KeyServiceRegistration = {
  name: PASSPHRASE_SERVICE,
  create: (settings, context) =>
    createPassphraseService(parseSettings(settings, context.where), context),
};

/**
 * Seals the sensitive values of a Spec before it is stored in a release (AES-256-GCM), and opens
 * them when a rollback re-applies that Spec. A sealed value names the key it needs by fingerprint
 * (`(sealed aes-256-gcm key=<id>:…)`), so a run lacking it says which key that is; values sealed
 * before keys were named (`(sealed aes-256-gcm:…)`) are tried with every key the run has.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createFieldMatcher, KusionError, transformSensitive } from '@kusion/sdk';
import type { Attributes, Resource, Sealer, Spec } from '@kusion/sdk';
import type { SealingKeys } from './sealing-keys.js';
import type { SealingKey } from './secret-key.js';

const MARK = '(sealed aes-256-gcm';
/** `(sealed aes-256-gcm key=0123456789abcdef:<base64>)` or, before keys had ids, `(sealed aes-256-gcm:<base64>)`. */
const SEALED = /^\(sealed aes-256-gcm(?: key=([0-9a-f]{16}))?:([A-Za-z0-9+/=]*)\)$/;

export function sealSpec(
  spec: Spec,
  sensitivePaths: (id: string) => readonly string[],
  key: SealingKey,
): Spec {
  return {
    resources: spec.resources.map((resource) => {
      const matcher = createFieldMatcher(sensitivePaths(resource.id));
      if (matcher.isEmpty) return resource;
      return {
        ...resource,
        attributes: transformSensitive(resource.attributes, matcher, (value) =>
          seal(value, key),
        ) as Attributes,
      };
    }),
  };
}

export function hasSealedValues(spec: Spec): boolean {
  return JSON.stringify(spec.resources).includes(MARK);
}

/** Opens every sealed value with the keys given; `what` names the release in messages. */
export function openSpec(spec: Spec, keys: readonly SealingKey[], what: string): Spec {
  return {
    resources: spec.resources.map((resource): Resource => ({
      ...resource,
      attributes: openValue(resource.attributes, keys, what) as Attributes,
    })),
  };
}

/** Seals and opens text with the backend's sealing keys, read on first use: what providers receive. */
export function createSealer(keys: Pick<SealingKeys, 'current' | 'openers'>): Sealer {
  return {
    seal: async (plain) => seal(plain, await keys.current()),
    async open(sealed) {
      if (!sealed.startsWith(MARK)) {
        throw new KusionError('STATE_CORRUPT', 'a sealed value in state is not sealed text', {
          hint: 'the state was edited by hand: restore it from an earlier release',
        });
      }
      const value = openSealed(sealed, await keys.openers(), "a provider's sealed state");
      if (typeof value !== 'string')
        throw new KusionError('STATE_CORRUPT', 'a sealed value in state is not text');
      return value;
    },
  };
}

function seal(value: unknown, key: SealingKey): string {
  if (typeof value === 'string' && value.startsWith(MARK)) return value;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  const encrypted = Buffer.concat([
    cipher.update(JSON.stringify({ value }), 'utf8'),
    cipher.final(),
  ]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64');
  return `${MARK} key=${key.id}:${sealed})`;
}

function tryOpen(raw: Buffer, key: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
    'utf8',
  );
  return (JSON.parse(text) as { value: unknown }).value;
}

function openSealed(text: string, keys: readonly SealingKey[], what: string): unknown {
  const match = SEALED.exec(text);
  if (!match) {
    throw new KusionError('STATE_CORRUPT', `a sealed secret in ${what} is malformed`, {
      hint: 'restore the release from a backup',
    });
  }
  const [, keyId, body = ''] = match;
  const raw = Buffer.from(body, 'base64');
  const have = keys.map((key) => `${key.id} (${key.source})`).join(', ');
  const candidates = keyId === undefined ? keys : keys.filter((key) => key.id === keyId);
  for (const candidate of candidates) {
    try {
      return tryOpen(raw, candidate.key);
    } catch {
      // Not this key (an unnamed seal), or a damaged value: try the next one, then say so.
    }
  }
  if (keyId !== undefined && candidates.length > 0) {
    throw new KusionError(
      'STATE_CORRUPT',
      `a sealed secret in ${what} is damaged: key ${keyId} does not open it`,
      {
        hint: 'restore the release from a backup',
      },
    );
  }
  throw new KusionError(
    'SEALING_KEY_MISMATCH',
    keyId === undefined
      ? `a secret in ${what} was sealed with a machine key (from before keys were named) that none of this run's keys opens; tried ${have}`
      : `a secret in ${what} was sealed with key ${keyId}, which this run does not have; it has ${have}`,
    {
      hint:
        keyId === undefined
          ? 'set KUSION_SECRET_KEY to the key of the machine that made the release (its $KUSION_HOME/secret.key), or run from that machine'
          : `key ${keyId} is the data key of the backend that made the release (use that backend with its "sealing" configuration), or the KUSION_SECRET_KEY / $KUSION_HOME/secret.key of the machine that made it`,
    },
  );
}

function openValue(value: unknown, keys: readonly SealingKey[], what: string): unknown {
  if (typeof value === 'string' && value.startsWith(MARK)) return openSealed(value, keys, what);
  if (Array.isArray(value)) return value.map((item) => openValue(item, keys, what));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openValue(v, keys, what)]));
  }
  return value;
}

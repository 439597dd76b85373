/**
 * Seals the sensitive values of a Spec before it is stored in a release (AES-256-GCM), and opens
 * them when a rollback re-applies that Spec.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createFieldMatcher, KusionError, transformSensitive } from '@kusion/sdk';
import type { Attributes, Resource, Sealer, Spec } from '@kusion/sdk';

const PREFIX = '(sealed aes-256-gcm:';

export function sealSpec(
  spec: Spec,
  sensitivePaths: (id: string) => readonly string[],
  key: Buffer,
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
  return JSON.stringify(spec.resources).includes(PREFIX);
}

export function openSpec(spec: Spec, key: Buffer): Spec {
  return {
    resources: spec.resources.map((resource): Resource => ({
      ...resource,
      attributes: openValue(resource.attributes, key) as Attributes,
    })),
  };
}

/** Seals and opens text with the release key, loaded on first use: what providers receive. */
export function createSealer(loadKey: () => Promise<Buffer>): Sealer {
  let key: Promise<Buffer> | undefined;
  const keyOnce = () => (key ??= loadKey());
  return {
    seal: async (plain) => seal(plain, await keyOnce()),
    async open(sealed) {
      if (!sealed.startsWith(PREFIX)) {
        throw new KusionError('STATE_CORRUPT', 'a sealed value in state is not sealed text', {
          hint: 'the state was edited by hand: restore it from an earlier release',
        });
      }
      const value = openValue(sealed, await keyOnce());
      if (typeof value !== 'string')
        throw new KusionError('STATE_CORRUPT', 'a sealed value in state is not text');
      return value;
    },
  };
}

function seal(value: unknown, key: Buffer): string {
  if (typeof value === 'string' && value.startsWith(PREFIX)) return value;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([
    cipher.update(JSON.stringify({ value }), 'utf8'),
    cipher.final(),
  ]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')})`;
}

function openValue(value: unknown, key: Buffer): unknown {
  if (typeof value === 'string' && value.startsWith(PREFIX)) {
    const raw = Buffer.from(value.slice(PREFIX.length, -1), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
      return (JSON.parse(text) as { value: unknown }).value;
    } catch (error) {
      throw new KusionError(
        'STATE_CORRUPT',
        'a secret in this release was sealed with another key',
        {
          cause: error,
          hint: 'set KUSION_SECRET_KEY to the key used when the release was made (shared backends need one key for everyone)',
        },
      );
    }
  }
  if (Array.isArray(value)) return value.map((item) => openValue(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openValue(v, key)]));
  }
  return value;
}

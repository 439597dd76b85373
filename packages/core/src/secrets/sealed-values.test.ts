import { randomBytes } from 'node:crypto';
import { isKusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from './key-material.js';
import { createSealer } from './sealed-values.js';
import type { SealingKey } from './secret-key.js';

function keysOf(key: Buffer, count = { reads: 0 }) {
  const sealingKey: SealingKey = { key, id: keyIdOf(key), source: 'a test key' };
  return {
    current: () => {
      count.reads++;
      return Promise.resolve(sealingKey);
    },
    openers: () => Promise.resolve([sealingKey]),
  };
}

describe('createSealer', () => {
  it('seals text so that only the same key opens it', async () => {
    const sealer = createSealer(keysOf(randomBytes(32)));
    const sealed = await sealer.seal('{"password":"hunter2"}');
    expect(sealed).not.toContain('hunter2');
    expect(sealed).toMatch(/^\(sealed aes-256-gcm key=[0-9a-f]{16}:/);
    expect(await sealer.open(sealed)).toBe('{"password":"hunter2"}');

    const other = createSealer(keysOf(randomBytes(32)));
    const error: unknown = await other.open(sealed).catch((caught: unknown) => caught);
    expect(isKusionError(error)).toBe(true);
  });

  it('refuses text that was never sealed', async () => {
    const sealer = createSealer(keysOf(randomBytes(32)));
    await expect(sealer.open('plain text')).rejects.toThrow(/not sealed text/);
  });
});

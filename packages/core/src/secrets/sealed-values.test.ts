import { randomBytes } from 'node:crypto';
import { isKusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createSealer } from './sealed-values.js';

describe('createSealer', () => {
  it('seals text so that only the same key opens it', async () => {
    const key = randomBytes(32);
    const sealer = createSealer(() => Promise.resolve(key));
    const sealed = await sealer.seal('{"password":"hunter2"}');
    expect(sealed).not.toContain('hunter2');
    expect(sealed).toMatch(/^\(sealed aes-256-gcm:/);
    expect(await sealer.open(sealed)).toBe('{"password":"hunter2"}');

    const other = createSealer(() => Promise.resolve(randomBytes(32)));
    const error: unknown = await other.open(sealed).catch((caught: unknown) => caught);
    expect(isKusionError(error) && error.code).toBe('STATE_CORRUPT');
  });

  it('refuses text that was never sealed, and loads the key once', async () => {
    let loads = 0;
    const sealer = createSealer(() => {
      loads++;
      return Promise.resolve(randomBytes(32));
    });
    await expect(sealer.open('plain text')).rejects.toThrow(/not sealed text/);
    await sealer.seal('a');
    await sealer.seal('b');
    expect(loads).toBe(1);
  });
});

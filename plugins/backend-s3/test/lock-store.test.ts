/** What the S3 lock store adds to the contract: its object, a damaged lock, renew racing release. */
import { describe, expect, it } from 'vitest';
import { CORRUPT_LOCK_ID } from '../src/index.js';
import { useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();
const scope = { project: 'shop', workspace: 'prod' };
const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion deploy' };

describe('s3 lock store', () => {
  it('stores the holder, readable, at locks/<project>/<workspace>.json; released, it keeps the last generation', async () => {
    const result = await moto.backend().locks.tryAcquire({ scope, holder, ttlMs: 30_000 });
    if (!('lock' in result)) throw new Error('expected the lock');
    expect(JSON.parse((await moto.read('locks/shop/prod.json'))!)).toEqual(result.lock.info);
    await result.lock.release();
    // The next holder's generation is written by the same conditional write that takes the lock.
    expect(JSON.parse((await moto.read('locks/shop/prod.json'))!)).toMatchObject({
      released: true,
      generation: result.lock.info.generation,
    });
    expect(await moto.backend().locks.inspect(scope)).toBeUndefined();
  });

  it('reads a lock written before fencing as generation 0, and takes over from it with generation 1', async () => {
    const legacy = {
      id: 'old-runner',
      user: 'ci',
      host: 'runner-7',
      pid: 99,
      command: 'kusion deploy',
      acquiredAt: '2024-01-01T00:00:00.000Z',
      expiresAt: '2024-01-01T00:10:00.000Z',
    };
    await moto.write('locks/shop/prod.json', JSON.stringify(legacy));
    const locks = moto.backend().locks;
    expect(await locks.inspect(scope)).toEqual({ ...legacy, generation: 0 });
    const taken = await locks.tryAcquire({
      scope,
      holder,
      ttlMs: 1000,
      replaceHolderId: 'old-runner',
    });
    expect('lock' in taken && taken.lock.info.generation).toBe(1);
  });

  it('reports an unreadable lock object as a stale "corrupt" holder that can be taken over', async () => {
    await moto.write('locks/shop/prod.json', '{"id":"abc","us');
    const locks = moto.backend().locks;
    const corrupt = (await locks.inspect(scope))!;
    expect(corrupt).toMatchObject({
      id: CORRUPT_LOCK_ID,
      host: 'unknown',
      command: expect.stringContaining('s3://kusion-state/team-a/locks/shop/prod.json'),
    });
    expect(Date.parse(corrupt.expiresAt)).toBeLessThan(Date.now());
    expect(await locks.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({ holder: corrupt });
    const taken = await locks.tryAcquire({
      scope,
      holder,
      ttlMs: 1000,
      replaceHolderId: CORRUPT_LOCK_ID,
    });
    expect('lock' in taken && (await locks.inspect(scope))).toEqual(
      'lock' in taken && taken.lock.info,
    );
  });

  it('releases the lock even when a renew is still in flight', async () => {
    const result = await moto.backend().locks.tryAcquire({ scope, holder, ttlMs: 30_000 });
    if (!('lock' in result)) throw new Error('expected the lock');
    const renewing = result.lock.renew();
    await result.lock.release();
    await renewing;
    expect(await moto.backend().locks.inspect(scope)).toBeUndefined();
  });

  it('lets an expired lock be taken over only by naming its holder', async () => {
    const stale = {
      id: 'old-runner',
      generation: 4,
      user: 'ci',
      host: 'runner-7',
      pid: 99,
      command: 'kusion deploy',
      acquiredAt: '2024-01-01T00:00:00.000Z',
      expiresAt: '2024-01-01T00:10:00.000Z',
    };
    await moto.write('locks/shop/prod.json', JSON.stringify(stale));
    const locks = moto.backend().locks;
    expect(await locks.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({ holder: stale });
    const taken = await locks.tryAcquire({
      scope,
      holder,
      ttlMs: 1000,
      replaceHolderId: 'old-runner',
    });
    expect('lock' in taken).toBe(true);
  });
});

/**
 * Locks: one holder per project and workspace, renewed and released only by that holder, taken
 * over only by naming the holder judged stale.
 */
import type { Backend, HeldLock } from '@kusion/sdk';
import { expect } from 'vitest';
import { sampleHolder, sampleLockScope } from './samples.js';
import { containing, matching } from './matchers.js';
import type { BackendConformanceCheck } from './types.js';

const scope = sampleLockScope;
const holder = sampleHolder;

async function acquire(backend: Backend, replaceHolderId?: string): Promise<HeldLock> {
  const result = await backend.locks.tryAcquire({ scope, holder, ttlMs: 60_000, replaceHolderId });
  if (!('lock' in result)) throw new Error(`expected the lock, held by ${result.holder.id}`);
  return result.lock;
}

export const lockChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'lock-take-free',
    title: 'takes a free lock with a full LockInfo and answers who holds it to others',
    async run(target) {
      const before = Date.now();
      const lock = await acquire(await target.open());
      expect(lock.info).toMatchObject({ ...holder, id: matching(/^[0-9a-f-]{36}$/) });
      expect(Date.parse(lock.info.expiresAt) - Date.parse(lock.info.acquiredAt)).toBe(60_000);
      expect(Date.parse(lock.info.acquiredAt)).toBeGreaterThanOrEqual(before - 1);
      const other = await target.open();
      expect(await other.locks.inspect(scope)).toEqual(lock.info);
      expect(await other.locks.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({
        holder: lock.info,
      });
      expect(await other.locks.inspect({ ...scope, workspace: 'dev' })).toBeUndefined();
    },
  },
  {
    name: 'lock-race',
    title: 'gives the lock to exactly one of 10 concurrent takers',
    async run(target) {
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, index) =>
          (await target.open()).locks.tryAcquire({
            scope,
            holder: { ...holder, pid: index },
            ttlMs: 60_000,
          }),
        ),
      );
      const locks = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
      expect(locks).toHaveLength(1);
      for (const result of results) {
        if ('holder' in result) expect(result.holder).toEqual(locks[0]?.info);
      }
    },
  },
  {
    name: 'lock-renew-release',
    title: 'renews and releases only while it holds the lock',
    async run(target) {
      const lock = await acquire(await target.open());
      const firstExpiry = lock.info.expiresAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await lock.renew();
      expect(Date.parse(lock.info.expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
      expect((await (await target.open()).locks.inspect(scope))?.expiresAt).toBe(
        lock.info.expiresAt,
      );
      await lock.release();
      expect(await (await target.open()).locks.inspect(scope)).toBeUndefined();
      await lock.release(); // already gone: fine
      await expect(lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
    },
  },
  {
    name: 'lock-takeover',
    title:
      'lets a stale holder be replaced by id; the old holder can then neither renew nor release',
    async run(target) {
      const old = await acquire(await target.open());
      const taker = await target.open();
      expect(
        await taker.locks.tryAcquire({
          scope,
          holder,
          ttlMs: 1000,
          replaceHolderId: 'someone-else',
        }),
      ).toEqual({ holder: old.info });
      const taken = await acquire(taker, old.info.id);
      expect(taken.info.id).not.toBe(old.info.id);
      await expect(old.renew()).rejects.toMatchObject({
        code: 'LOCKED',
        holder: taken.info,
        message: containing('taken over by ana@laptop'),
      });
      await old.release();
      expect(await taker.locks.inspect(scope)).toEqual(taken.info);
    },
  },
  {
    name: 'lock-takeover-vanished',
    title: 'takes over a lock that vanished before the takeover',
    async run(target) {
      const old = await acquire(await target.open());
      await old.release();
      const taken = await acquire(await target.open(), old.info.id);
      expect(await (await target.open()).locks.inspect(scope)).toEqual(taken.info);
    },
  },
  {
    name: 'lock-takeover-race',
    title: 'serialises racing takeovers of the same holder: exactly one wins',
    async run(target) {
      const old = await acquire(await target.open());
      const results = await Promise.all(
        Array.from({ length: 10 }, async () =>
          (await target.open()).locks.tryAcquire({
            scope,
            holder,
            ttlMs: 60_000,
            replaceHolderId: old.info.id,
          }),
        ),
      );
      const winners = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
      expect(winners).toHaveLength(1);
      expect(await (await target.open()).locks.inspect(scope)).toEqual(winners[0]?.info);
    },
  },
  {
    name: 'lock-force-release',
    title: 'force-releases whoever holds it and answers who that was',
    async run(target) {
      const admin = (await target.open()).locks;
      expect(await admin.forceRelease(scope)).toBeUndefined();
      const lock = await acquire(await target.open());
      expect(await admin.forceRelease(scope)).toEqual(lock.info);
      expect(await admin.inspect(scope)).toBeUndefined();
      await expect(lock.renew()).rejects.toMatchObject({
        code: 'LOCKED',
        message: containing('force-released'),
      });
    },
  },
  {
    name: 'lock-arguments',
    title: 'refuses scope segments that could escape their folder, and a ttl that is not positive',
    async run(target) {
      const locks = (await target.open()).locks;
      await expect(
        locks.tryAcquire({ scope: { ...scope, workspace: '../x' }, holder, ttlMs: 1000 }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(locks.inspect({ ...scope, project: '' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(locks.tryAcquire({ scope, holder, ttlMs: 0 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    },
  },
];

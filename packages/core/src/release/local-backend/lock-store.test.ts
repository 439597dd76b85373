import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { HeldLock, LockInfo, LockStore } from '@kusion/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalLayout } from './local-layout.js';
import { withLockGuard } from './lock-guard.js';
import { CORRUPT_LOCK_ID, createLocalLockStore } from './lock-store.js';

const scope = { project: 'shop', workspace: 'prod' };
const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion apply' };

async function makeStore(): Promise<{ lockFile: string; store: LockStore }> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-locks-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return {
    lockFile: join(home, 'locks', 'shop', 'prod.lock'),
    store: createLocalLockStore(createLocalLayout(home)),
  };
}

async function acquire(store: LockStore, replaceHolderId?: string): Promise<HeldLock> {
  const result = await store.tryAcquire({ scope, holder, ttlMs: 60_000, replaceHolderId });
  if (!('lock' in result)) throw new Error(`expected the lock, held by ${result.holder.id}`);
  return result.lock;
}

describe('local lock store', () => {
  it('takes a free lock with a full LockInfo and answers who holds it to others', async () => {
    const { store } = await makeStore();
    const before = Date.now();
    const lock = await acquire(store);
    expect(lock.info).toMatchObject({ ...holder, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const expiresIn = Date.parse(lock.info.expiresAt) - Date.parse(lock.info.acquiredAt);
    expect(expiresIn).toBe(60_000);
    expect(Date.parse(lock.info.acquiredAt)).toBeGreaterThanOrEqual(before - 1);
    expect(await store.inspect(scope)).toEqual(lock.info);
    expect(await store.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({ holder: lock.info });
  });

  it('gives the lock to exactly one of 10 concurrent acquirers', async () => {
    const { store } = await makeStore();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.tryAcquire({ scope, holder: { ...holder, pid: index }, ttlMs: 60_000 }),
      ),
    );
    const locks = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
    expect(locks).toHaveLength(1);
    for (const result of results) {
      if ('holder' in result) expect(result.holder).toEqual(locks[0]!.info);
    }
  });

  it('renews and releases only while we hold it', async () => {
    const { lockFile, store } = await makeStore();
    const lock = await acquire(store);
    const firstExpiry = lock.info.expiresAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await lock.renew();
    expect(Date.parse(lock.info.expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
    expect((await store.inspect(scope))?.expiresAt).toBe(lock.info.expiresAt);

    await lock.release();
    expect(await store.inspect(scope)).toBeUndefined();
    await lock.release(); // already gone: fine
    await expect(lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
    expect(await readdir(join(lockFile, '..'))).toEqual([]);
  });

  it('lets a stale holder be replaced by id; the old holder can then neither renew nor release', async () => {
    const { store } = await makeStore();
    const old = await acquire(store);
    expect(
      await store.tryAcquire({ scope, holder, ttlMs: 1000, replaceHolderId: 'someone-else' }),
    ).toEqual({
      holder: old.info,
    });
    const taken = await acquire(store, old.info.id);
    expect(taken.info.id).not.toBe(old.info.id);

    await expect(old.renew()).rejects.toMatchObject({
      code: 'LOCKED',
      holder: taken.info,
      message: expect.stringContaining('taken over by ana@laptop'),
    });
    await old.release();
    expect(await store.inspect(scope)).toEqual(taken.info);
  });

  it('takes over a lock that vanished before the takeover', async () => {
    const { store } = await makeStore();
    const old = await acquire(store);
    await old.release();
    const taken = await acquire(store, old.info.id);
    expect(await store.inspect(scope)).toEqual(taken.info);
  });

  it('serialises racing takeovers of the same holder: exactly one wins', async () => {
    const { store } = await makeStore();
    const old = await acquire(store);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        store.tryAcquire({ scope, holder, ttlMs: 60_000, replaceHolderId: old.info.id }),
      ),
    );
    const winners = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
    expect(winners).toHaveLength(1);
    expect(await store.inspect(scope)).toEqual(winners[0]!.info);
  });

  it('reports an unreadable lock file as a stale "corrupt" holder that can be replaced', async () => {
    const { lockFile, store } = await makeStore();
    await acquire(store);
    await writeFile(lockFile, '{"id":"abc","us');
    const corrupt = (await store.inspect(scope)) as LockInfo;
    expect(corrupt).toMatchObject({ id: CORRUPT_LOCK_ID, host: 'unknown' });
    expect(Date.parse(corrupt.expiresAt)).toBeLessThan(Date.now());
    expect(await store.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({ holder: corrupt });
    const taken = await acquire(store, CORRUPT_LOCK_ID);
    expect(await store.inspect(scope)).toEqual(taken.info);
  });

  it('force-releases whoever holds it and answers who that was', async () => {
    const { store } = await makeStore();
    expect(await store.forceRelease(scope)).toBeUndefined();
    const lock = await acquire(store);
    expect(await store.forceRelease(scope)).toEqual(lock.info);
    expect(await store.inspect(scope)).toBeUndefined();
    await expect(lock.renew()).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('force-released'),
    });
  });

  it('validates scope segments and ttl', async () => {
    const { store } = await makeStore();
    await expect(
      store.tryAcquire({ scope: { ...scope, workspace: '../x' }, holder, ttlMs: 1000 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.inspect({ ...scope, project: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.tryAcquire({ scope, holder, ttlMs: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('withLockGuard', () => {
  it('runs tasks one at a time', async () => {
    const { lockFile } = await makeStore();
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withLockGuard(`${lockFile}.guard`, async () => {
          maxRunning = Math.max(maxRunning, ++running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
  });

  it('breaks a guard left by a dead process once it is stale', async () => {
    const { lockFile } = await makeStore();
    const guard = `${lockFile}.guard`;
    await mkdir(dirname(guard), { recursive: true });
    await writeFile(guard, '{"pid":1}');
    const old = new Date(Date.now() - 60_000);
    await utimes(guard, old, old);
    expect(await withLockGuard(guard, () => Promise.resolve('ran'))).toBe('ran');
  });

  it('gives up after its timeout with a hint naming the guard file', async () => {
    const { lockFile } = await makeStore();
    const guard = `${lockFile}.guard`;
    await withLockGuard(guard, async () => {
      await expect(
        withLockGuard(guard, () => Promise.resolve(), { timeoutMs: 50 }),
      ).rejects.toMatchObject({
        code: 'BACKEND_FAILED',
        hint: expect.stringContaining(guard),
      });
    });
  });
});

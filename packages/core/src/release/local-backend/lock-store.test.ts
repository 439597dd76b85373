/**
 * What the local lock store adds to the backend conformance suite (see
 * local-backend.conformance.test.ts): its file, and a damaged one.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORRUPT_LOCK_ID } from '@kusion/backend-kit';
import type { LockStore } from '@kusion/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalLayout } from './local-layout.js';
import { createLocalLockStore } from './lock-store.js';

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

describe('local lock store', () => {
  it('stores the holder as JSON at locks/<project>/<workspace>.lock and leaves nothing once released', async () => {
    const { lockFile, store } = await makeStore();
    const result = await store.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in result)) throw new Error('expected the lock');
    expect(await readFile(lockFile, 'utf8')).toBe(`${JSON.stringify(result.lock.info, null, 2)}\n`);
    await result.lock.renew();
    await result.lock.release();
    // No lock file, and no guard file left behind either.
    expect(await readdir(join(lockFile, '..'))).toEqual([]);
  });

  it('reports an unreadable lock file as a stale "corrupt" holder that can be replaced', async () => {
    const { lockFile, store } = await makeStore();
    const first = await store.tryAcquire({ scope, holder, ttlMs: 60_000 });
    expect('lock' in first).toBe(true);
    await writeFile(lockFile, '{"id":"abc","us');
    const corrupt = await store.inspect(scope);
    expect(corrupt).toMatchObject({
      id: CORRUPT_LOCK_ID,
      host: 'unknown',
      command: expect.stringContaining(lockFile),
    });
    expect(Date.parse(corrupt?.expiresAt ?? '')).toBeLessThan(Date.now());
    expect(await store.tryAcquire({ scope, holder, ttlMs: 1000 })).toEqual({ holder: corrupt });
    const taken = await store.tryAcquire({
      scope,
      holder,
      ttlMs: 1000,
      replaceHolderId: CORRUPT_LOCK_ID,
    });
    if (!('lock' in taken)) throw new Error('expected the lock');
    expect(await store.inspect(scope)).toEqual(taken.lock.info);
  });
});

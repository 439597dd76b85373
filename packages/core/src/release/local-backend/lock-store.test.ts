/**
 * What the local lock store adds to the backend conformance suite (see
 * local-backend.conformance.test.ts): its file, and a damaged one.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
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
    // No lock file, and no guard file left behind either: only the generation counter, which
    // outlives the lock so the next holder's generation is higher.
    expect(await readdir(join(lockFile, '..'))).toEqual(['prod.generation']);
    expect(await readFile(join(lockFile, '..', 'prod.generation'), 'utf8')).toBe(
      `${result.lock.info.generation}\n`,
    );
  });

  it('removes temporary files that killed writers left next to the lock (defect: nothing removed them)', async () => {
    const { lockFile, store } = await makeStore();
    const directory = join(lockFile, '..');
    const first = await store.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in first)) throw new Error('expected the lock');
    await first.lock.release();
    // Left by a process that died between writing a temporary file and renaming it.
    const deadWriter = '.prod.lock.2147483646.0123456789ab.tmp';
    // The name format before the pid was part of it, last written an hour ago.
    const oldFormat = '.prod.lock.abcdef012345.tmp';
    // Being written right now by this very process: must stay.
    const live = `.prod.lock.${process.pid}.ba9876543210.tmp`;
    for (const name of [deadWriter, oldFormat, live]) await writeFile(join(directory, name), '{');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(directory, oldFormat), anHourAgo, anHourAgo);
    const second = await store.tryAcquire({ scope, holder, ttlMs: 60_000 });
    if (!('lock' in second)) throw new Error('expected the lock');
    expect((await readdir(directory)).sort()).toEqual([live, 'prod.generation', 'prod.lock']);
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

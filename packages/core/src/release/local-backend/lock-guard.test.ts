import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { withLockGuard } from './lock-guard.js';

async function makeStore(): Promise<{ lockFile: string }> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-lock-guard-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return { lockFile: join(home, 'locks', 'shop', 'prod.lock') };
}

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

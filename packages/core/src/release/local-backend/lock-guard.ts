/**
 * A short-lived exclusive side lock (`<lock>.guard`, created with O_EXCL) held around every
 * read-compare-replace of a lock file, so a renew, a release and a takeover never interleave.
 * It is held for one read and one small write, a few milliseconds at most.
 */
import { open, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KusionError } from '@kusion/sdk';
import { ensureDirectory, hasErrorCode } from './atomic-file.js';
import { createTrace } from './trace.js';

const debug = createTrace('kusion:core:release:local-lock');

export interface LockGuardOptions {
  /** A guard older than this belongs to a process that died holding it. */
  readonly staleAfterMs?: number;
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
}

async function tryCreate(guardFile: string): Promise<boolean> {
  try {
    const handle = await open(guardFile, 'wx', 0o600);
    // Who holds it, for a human looking at a stuck guard; nothing reads it back.
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
    await handle.close();
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) return false;
    throw error;
  }
}

/**
 * Breaks a guard left behind by a dead process. Two waiters may judge the same guard stale at
 * once and the slower one can remove the guard the faster one just took; that needs a process to
 * die inside the guard and two others to race within the same millisecond, which we accept.
 */
/** The guard only orders live processes, so its removal needs no fsync. */
async function remove(guardFile: string): Promise<void> {
  try {
    await unlink(guardFile);
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
}

async function removeIfStale(guardFile: string, staleAfterMs: number): Promise<void> {
  try {
    const { mtimeMs } = await stat(guardFile);
    if (Date.now() - mtimeMs < staleAfterMs) return;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return;
    throw error;
  }
  debug('breaking stale lock guard %s', guardFile);
  await remove(guardFile);
}

/** Runs `task` while holding the guard file. */
export async function withLockGuard<T>(
  guardFile: string,
  task: () => Promise<T>,
  { staleAfterMs = 10_000, timeoutMs = 30_000 }: LockGuardOptions = {},
): Promise<T> {
  await ensureDirectory(dirname(guardFile));
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; !(await tryCreate(guardFile)); attempt++) {
    if (Date.now() > deadline) {
      throw new KusionError('BACKEND_FAILED', `timed out waiting for lock guard ${guardFile}`, {
        hint: `If no other kusion process is running, remove ${guardFile}.`,
      });
    }
    await removeIfStale(guardFile, staleAfterMs);
    // Short, jittered waits: the holder needs milliseconds.
    await sleep(Math.min(1 + attempt, 20) * (0.5 + Math.random()));
  }
  try {
    return await task();
  } finally {
    await remove(guardFile);
  }
}

/**
 * The lock file of a scope, read as a holder: a torn or damaged file reads as an expired holder
 * nobody knows (so the usual stale-lock takeover clears it). Asynchronous for the lock store, and
 * synchronous for the journal's per-write fence check, which runs inside a synchronous write.
 */
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { corruptLockInfo, parseLock } from '@kusion/backend-kit';
import type { LockInfo } from '@kusion/sdk';
import { hasErrorCode, readTextIfExists } from './atomic-file.js';

export async function readLock(file: string): Promise<LockInfo | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const info = parseLock(text);
  if (info) return info;
  const modifiedAt = await stat(file).then(
    (stats) => stats.mtime,
    () => undefined,
  );
  return corruptLockInfo(file, modifiedAt);
}

export function readLockSync(file: string): LockInfo | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  return parseLock(text) ?? corruptLockInfo(file, undefined);
}

/**
 * What identifies one version of the lock file: every change replaces it by rename, so a new
 * version has a new inode. Undefined when there is no lock file.
 */
export function lockFileVersion(file: string): string | undefined {
  try {
    const stats = statSync(file, { bigint: true });
    return `${stats.ino}:${stats.mtimeNs}:${stats.size}`;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * A lock as stored: the holder's `LockInfo` as indented JSON, readable by a user wondering who holds
 * it. An unreadable record is reported as a holder nobody knows whose lock has expired, so the usual
 * stale-lock takeover (naming `CORRUPT_LOCK_ID`) clears it.
 */
import type { LockInfo } from '@kusion/sdk';

/** The id given to a lock record that cannot be read: pass it as `replaceHolderId` to take over. */
export const CORRUPT_LOCK_ID = 'corrupt';

export function serializeLock(info: LockInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

/** The stored holder, or `undefined` when the text is not a whole `LockInfo`. */
export function parseLock(text: string): LockInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const info = value as Record<keyof LockInfo, unknown>;
  const isValid =
    (['id', 'user', 'host', 'command', 'acquiredAt', 'expiresAt'] as const).every(
      (key) => typeof info[key] === 'string',
    ) && typeof info.pid === 'number';
  return isValid ? (value as LockInfo) : undefined;
}

/**
 * Who "holds" a damaged lock record at `where` (a path or URL), last changed at `modifiedAt`:
 * nobody we know, already expired.
 */
export function corruptLockInfo(where: string, modifiedAt: Date | undefined): LockInfo {
  return {
    id: CORRUPT_LOCK_ID,
    user: 'unknown',
    host: 'unknown',
    pid: 0,
    command: `unreadable lock ${where}`,
    acquiredAt: (modifiedAt ?? new Date(0)).toISOString(),
    expiresAt: new Date(0).toISOString(),
  };
}

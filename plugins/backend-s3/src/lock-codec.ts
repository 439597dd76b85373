/** Lock objects: the holder's LockInfo as JSON; an unreadable one is a stale holder nobody knows. */
import type { LockInfo } from '@kusion/sdk';

/** The id given to a lock object that cannot be read: pass it as `replaceHolderId` to take over. */
export const CORRUPT_LOCK_ID = 'corrupt';

export const serializeLock = (info: LockInfo): string => `${JSON.stringify(info, null, 2)}\n`;

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

/** A damaged lock object: held by nobody we know, already expired. */
export function corruptLockInfo(where: string, modifiedAt: Date | undefined): LockInfo {
  return {
    id: CORRUPT_LOCK_ID,
    user: 'unknown',
    host: 'unknown',
    pid: 0,
    command: `unreadable lock object ${where}`,
    acquiredAt: (modifiedAt ?? new Date(0)).toISOString(),
    expiresAt: new Date(0).toISOString(),
  };
}

/**
 * A lock as stored: the holder's `LockInfo` as indented JSON, readable by a user wondering who holds
 * it. An unreadable record is reported as a holder nobody knows whose lock has expired, so the usual
 * stale-lock takeover (naming `CORRUPT_LOCK_ID`) clears it.
 *
 * A store whose only atomic operation is a conditional write of one record (S3, a blob) keeps the
 * record when the lock is released, as a *released* marker holding the last generation: the next
 * holder's generation is then written in the same conditional write that takes the lock, and no
 * generation is ever handed out twice.
 */
import type { LockInfo } from '@kusion/sdk';

/** The id given to a lock record that cannot be read: pass it as `replaceHolderId` to take over. */
export const CORRUPT_LOCK_ID = 'corrupt';

export function serializeLock(info: LockInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

/**
 * The stored holder, or `undefined` when the text is not a whole `LockInfo`. A record written
 * before fencing has no generation: it reads as generation 0.
 */
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
    ) &&
    typeof info.pid === 'number' &&
    (info.generation === undefined || Number.isSafeInteger(info.generation)) &&
    (info.processStart === undefined || typeof info.processStart === 'string');
  if (!isValid) return undefined;
  return { ...(value as LockInfo), generation: (info.generation as number | undefined) ?? 0 };
}

/**
 * Who "holds" a damaged lock record at `where` (a path or URL), last changed at `modifiedAt`:
 * nobody we know, already expired.
 */
export function corruptLockInfo(where: string, modifiedAt: Date | undefined): LockInfo {
  return {
    id: CORRUPT_LOCK_ID,
    generation: 0,
    user: 'unknown',
    host: 'unknown',
    pid: 0,
    command: `unreadable lock ${where}`,
    acquiredAt: (modifiedAt ?? new Date(0)).toISOString(),
    expiresAt: new Date(0).toISOString(),
  };
}

/** A stored lock record: someone holds it, or it was released after generation `generation`. */
export type LockRecord =
  | { readonly kind: 'held'; readonly holder: LockInfo }
  | { readonly kind: 'released'; readonly generation: number };

/** A released lock that remembers the last generation handed out. */
export function serializeReleasedLock(generation: number): string {
  return `${JSON.stringify({ released: true, generation, releasedAt: new Date().toISOString() }, null, 2)}\n`;
}

/** The record in `text`, or `undefined` when it is neither a holder nor a released marker. */
export function parseLockRecord(text: string): LockRecord | undefined {
  const holder = parseLock(text);
  if (holder) return { kind: 'held', holder };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const marker = value as { released?: unknown; generation?: unknown } | null;
  if (marker?.released === true && Number.isSafeInteger(marker.generation)) {
    return { kind: 'released', generation: marker.generation as number };
  }
  return undefined;
}

import type { LockInfo } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import {
  corruptLockInfo,
  CORRUPT_LOCK_ID,
  parseLock,
  parseLockRecord,
  serializeLock,
  serializeReleasedLock,
} from './lock-codec.js';

const info: LockInfo = {
  id: '0b6f7c2e-6f0e-4c8a-9d43-5b8f3c1f2a10',
  generation: 3,
  user: 'ana',
  host: 'laptop',
  pid: 4242,
  command: 'kusion deploy',
  acquiredAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2024-01-01T00:01:00.000Z',
};

describe('lock codec', () => {
  it('stores the holder as indented JSON and reads it back', () => {
    expect(serializeLock(info)).toBe(`${JSON.stringify(info, null, 2)}\n`);
    expect(parseLock(serializeLock(info))).toEqual(info);
    // Written by another tool without indentation: still the same holder.
    expect(parseLock(JSON.stringify(info))).toEqual(info);
  });

  it('reads a holder written before fencing as generation 0', () => {
    const { generation: _generation, ...legacy } = info;
    expect(parseLock(JSON.stringify(legacy))).toEqual({ ...info, generation: 0 });
  });

  it.each([
    [JSON.stringify({ ...info, generation: 'x' }), 'a generation that is not a number'],
    ['{"id":"abc","us', 'torn'],
    ['null', 'not an object'],
    [JSON.stringify({ ...info, pid: '4242' }), 'a pid that is not a number'],
    [JSON.stringify({ ...info, expiresAt: undefined }), 'no expiry'],
  ])('reads %j as no holder (%s)', (text) => {
    expect(parseLock(text)).toBeUndefined();
  });

  it('describes a damaged record as an unknown holder that has already expired', () => {
    const modifiedAt = new Date('2024-05-01T10:00:00.000Z');
    const corrupt = corruptLockInfo('/home/ana/.kusion/locks/shop/prod.lock', modifiedAt);
    expect(corrupt).toEqual({
      id: CORRUPT_LOCK_ID,
      generation: 0,
      user: 'unknown',
      host: 'unknown',
      pid: 0,
      command: 'unreadable lock /home/ana/.kusion/locks/shop/prod.lock',
      acquiredAt: '2024-05-01T10:00:00.000Z',
      expiresAt: '1970-01-01T00:00:00.000Z',
    });
    expect(corruptLockInfo('s3://b/k', undefined).acquiredAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('tells a held lock from a released one that remembers its last generation', () => {
    expect(parseLockRecord(serializeLock(info))).toEqual({ kind: 'held', holder: info });
    expect(parseLockRecord(serializeReleasedLock(7))).toEqual({ kind: 'released', generation: 7 });
    expect(parseLock(serializeReleasedLock(7))).toBeUndefined();
    expect(parseLockRecord('{"released":true}')).toBeUndefined();
    expect(parseLockRecord('{"id":"abc","us')).toBeUndefined();
  });
});

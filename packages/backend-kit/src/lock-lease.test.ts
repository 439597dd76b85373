import { describe, expect, it } from 'vitest';
import { lostLockError, newLockInfo, nextLockGeneration, renewedLockInfo } from './lock-lease.js';

const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion deploy' };
const scope = { project: 'shop', workspace: 'prod' };

describe('lock lease', () => {
  it('gives a new holder a fresh id and an expiry ttlMs after acquiring', () => {
    const before = Date.now();
    const info = newLockInfo({ holder, ttlMs: 60_000 }, 4);
    expect(info).toMatchObject({
      ...holder,
      generation: 4,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Date.parse(info.acquiredAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(info.expiresAt) - Date.parse(info.acquiredAt)).toBe(60_000);
    expect(newLockInfo({ holder, ttlMs: 1 }, 5).id).not.toBe(info.id);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses ttlMs %s', (ttlMs) => {
    expect(() => newLockInfo({ holder, ttlMs }, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('hands out a generation above every one known, never reusing one', () => {
    expect(nextLockGeneration()).toBe(1);
    expect(nextLockGeneration(undefined, 0)).toBe(1);
    expect(nextLockGeneration(7, 3)).toBe(8);
    expect(nextLockGeneration(3, 7)).toBe(8);
  });

  it('keeps the process start token of a holder that has one', () => {
    const withStart = newLockInfo({ holder: { ...holder, processStart: 'boot:123' }, ttlMs: 1 }, 1);
    expect(withStart.processStart).toBe('boot:123');
    expect('processStart' in newLockInfo({ holder, ttlMs: 1 }, 1)).toBe(false);
  });

  it('renews by moving the expiry only', () => {
    const info = {
      ...newLockInfo({ holder, ttlMs: 1000 }, 1),
      expiresAt: '2000-01-01T00:00:00.000Z',
    };
    const renewed = renewedLockInfo(info, 1000);
    expect({ ...renewed, expiresAt: info.expiresAt }).toEqual(info);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('tells a holder who took its lock, or that it was force-released', () => {
    const taker = newLockInfo({ holder: { ...holder, user: 'bo', pid: 7 }, ttlMs: 1000 }, 2);
    expect(lostLockError(scope, taker)).toMatchObject({
      code: 'LOCKED',
      holder: taker,
      message:
        'the lock on project "shop", workspace "prod" was taken over by bo@laptop (pid 7, kusion deploy)',
    });
    expect(lostLockError(scope, undefined)).toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('force-released by someone else'),
    });
  });
});

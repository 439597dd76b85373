import { describe, expect, it } from 'vitest';
import { parseDuration, splitList } from './flags.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2', 2_000],
    ['1.5', 1_500],
    ['250ms', 250],
  ])('reads %s as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it('rejects what is not a duration, saying what it expects', () => {
    expect(() => parseDuration('soon')).toThrow(
      '"soon" is not a duration: use e.g. 30s, 5m, 1h, or a number of seconds',
    );
    expect(() => parseDuration('-5s')).toThrow('is not a duration');
  });
});

describe('splitList', () => {
  it('accepts repeated and comma-separated values', () => {
    expect(splitList(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toBeUndefined();
  });
});

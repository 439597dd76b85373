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
      /^expected a duration such as 30s, 5m, 1h, or a number of seconds$/,
    );
    expect(() => parseDuration('5parsecs')).toThrow(/^expected a duration such as/);
    expect(() => parseDuration('-5s')).toThrow(
      'expected a duration such as 30s, 5m, 1h, or a number of seconds, not a negative one',
    );
    expect(() => parseDuration('-3')).toThrow('not a negative one');
  });
});

describe('splitList', () => {
  it('accepts repeated and comma-separated values', () => {
    expect(splitList(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toBeUndefined();
  });
});

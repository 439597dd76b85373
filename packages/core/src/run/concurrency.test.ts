/** How many operations a run makes at once: the caller's choice first, then the providers'. */
import { describe, expect, it } from 'vitest';
import { concurrencyOf } from './run.js';

describe('concurrencyOf', () => {
  it('takes what the providers ask for when the caller chose nothing', () => {
    expect(concurrencyOf({ concurrency: undefined }, { concurrency: 50 })).toBe(50);
  });

  it('takes the caller’s choice over the providers’, lower or higher', () => {
    expect(concurrencyOf({ concurrency: 4 }, { concurrency: 50 })).toBe(4);
    expect(concurrencyOf({ concurrency: 80 }, { concurrency: 10 })).toBe(80);
  });
});

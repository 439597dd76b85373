import { describe, expect, it } from 'vitest';
import { SEALED_STATE_ATTRIBUTE } from '../state/sealed-state.js';
import { overlay } from './drift-read.js';

describe('overlay', () => {
  it('shows what changed, but not a provider reading an unset value back as empty', () => {
    const recorded = { delay_seconds: 0, tags: null, rules: [], [SEALED_STATE_ATTRIBUTE]: 's' };
    expect(overlay(recorded, { delay_seconds: 7, tags: {}, rules: null })).toEqual({
      delay_seconds: 7,
      tags: null,
      rules: [],
      [SEALED_STATE_ATTRIBUTE]: 's',
    });
    expect(overlay(recorded, { delay_seconds: 0, tags: { team: 'a' }, rules: [] })).toMatchObject({
      tags: { team: 'a' },
    });
  });
});

import { isKusionError } from '@kusion/sdk';
import type { Rollout } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import {
  assertRolloutId,
  newRolloutId,
  parseRollout,
  rolloutIds,
  rolloutSegments,
  serializeRollout,
} from './rollout-codec.js';

const place = { where: 'rollouts/shop/x.json', restoreFrom: 'from a backup' };
const rollout: Rollout = {
  id: '20250102T030405Z-a1b2c3',
  project: 'shop',
  stacks: ['app'],
  waves: [{ name: 'wave-1', workspaces: ['dev'], status: 'succeeded', targets: [] }],
  status: 'succeeded',
  rollbackOnFailure: false,
  createdAt: '2025-01-02T03:04:05.000Z',
  modifiedAt: '2025-01-02T03:04:06.000Z',
  user: 'ann',
  host: 'ci',
};

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isKusionError(error)) return String(error.code);
    throw error;
  }
  throw new Error('expected an error');
}

describe('rollout records', () => {
  it('have ids that sort by time and are checked', () => {
    const earlier = newRolloutId(new Date('2025-01-02T03:04:05.678Z'));
    const later = newRolloutId(new Date('2025-01-02T03:04:06.001Z'));
    expect(earlier).toMatch(/^20250102T030405Z-[0-9a-f]{6}$/);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(assertRolloutId(earlier)).toBe(earlier);
    expect(codeOf(() => assertRolloutId('../etc/passwd'))).toBe('INVALID_ARGUMENT');
    expect(rolloutSegments('shop', earlier)).toEqual(['shop', `${earlier}.json`]);
    expect(codeOf(() => rolloutSegments('../x', earlier))).toBe('INVALID_ARGUMENT');
  });

  it('list only rollout files, oldest first', () => {
    expect(
      rolloutIds([
        '20250103T000000Z-000000.json',
        '.tmp-1',
        '20250102T000000Z-ffffff.json',
        'notes.txt',
      ]),
    ).toEqual(['20250102T000000Z-ffffff', '20250103T000000Z-000000']);
  });

  it('round-trip, and a damaged or misplaced record is STATE_CORRUPT', () => {
    const text = serializeRollout(rollout);
    expect(parseRollout(text, place, { project: 'shop', id: rollout.id })).toEqual(rollout);
    expect(codeOf(() => parseRollout('{', place, { project: 'shop', id: rollout.id }))).toBe(
      'STATE_CORRUPT',
    );
    expect(codeOf(() => parseRollout(text, place, { project: 'other', id: rollout.id }))).toBe(
      'STATE_CORRUPT',
    );
    const noWaves = JSON.stringify({ ...rollout, waves: 'x' });
    expect(codeOf(() => parseRollout(noWaves, place, { project: 'shop', id: rollout.id }))).toBe(
      'STATE_CORRUPT',
    );
  });
});

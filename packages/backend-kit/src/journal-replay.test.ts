import type { Release, ResourceState, StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { replayJournal, withJournalReplayed } from './journal-replay.js';

const resource = (id: string, version = 1): ResourceState => ({
  id,
  type: 'Test',
  attributes: { version },
});
const put = (id: string, version = 1): StateJournalEntry => ({
  op: 'put',
  resource: resource(id, version),
});

describe('replayJournal', () => {
  it('replaces in place, appends new ids, removes deleted ones', () => {
    const base = [resource('a'), resource('b'), resource('c')];
    const result = replayJournal(base, [
      put('b', 2),
      put('d'),
      { op: 'delete', id: 'a' },
      { op: 'delete', id: 'missing' },
    ]);
    expect(result.map((r) => [r.id, r.attributes.version])).toEqual([
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
  });

  it('gives the same resources when replayed onto a state that already holds the entries', () => {
    const entries = [put('a', 2), { op: 'delete', id: 'b' } as const, put('b', 3), put('c')];
    const once = replayJournal([resource('a'), resource('b')], entries);
    const byId = (resources: readonly ResourceState[]): ResourceState[] =>
      [...resources].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(replayJournal(once, entries))).toEqual(byId(once));
  });
});

describe('withJournalReplayed', () => {
  const release: Release = {
    project: 'shop',
    workspace: 'dev',
    stack: 'main',
    revision: 1,
    operation: 'deploy',
    phase: 'applying',
    spec: { resources: [resource('a')] },
    state: { resources: [resource('a')] },
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
  };

  it('replays onto the state and leaves the Spec alone', () => {
    expect(withJournalReplayed(release, [put('b'), { op: 'delete', id: 'a' }])).toEqual({
      ...release,
      state: { resources: [resource('b')] },
    });
  });

  it('answers the release itself when there is nothing to replay', () => {
    expect(withJournalReplayed(release, [])).toBe(release);
  });
});

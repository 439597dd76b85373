import type { LockFence, LockInfo, Release } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import {
  assertFenceHolds,
  assertReleaseWritable,
  isEntryCurrent,
  stampJournalEntry,
  stampRelease,
} from './fencing.js';
import { withJournalReplayed } from './journal-replay.js';

const scope = { project: 'shop', workspace: 'prod' };
const fence: LockFence = { scope, holderId: 'run-a', generation: 4 };
const holder = (id: string, generation: number): LockInfo => ({
  id,
  generation,
  user: 'bo',
  host: 'ci-7',
  pid: 99,
  command: 'kusion deploy',
  acquiredAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2024-01-01T00:01:00.000Z',
});
const release = (extra: Partial<Release> = {}): Release => ({
  ...scope,
  stack: 'main',
  revision: 3,
  operation: 'deploy',
  phase: 'applying',
  spec: { resources: [] },
  state: { resources: [{ id: 'a', type: 'Test', attributes: {} }] },
  createdAt: '2024-01-01T00:00:00.000Z',
  modifiedAt: '2024-01-01T00:00:00.000Z',
  user: 'ana',
  host: 'laptop',
  ...extra,
});

describe('fencing', () => {
  it('lets the holder of the fence write', () => {
    expect(() => {
      assertFenceHolds(fence, holder('run-a', 4));
    }).not.toThrow();
  });

  it('refuses a writer whose lock was taken over, naming who took it', () => {
    expect(() => {
      assertFenceHolds(fence, holder('run-b', 5));
    }).toThrow(
      expect.objectContaining({
        code: 'LOCKED',
        message: expect.stringContaining('taken over by bo@ci-7 (pid 99, kusion deploy)'),
      }),
    );
  });

  it('refuses a writer whose lock was removed, and one whose generation is stale', () => {
    expect(() => {
      assertFenceHolds(fence, undefined);
    }).toThrow(expect.objectContaining({ message: expect.stringContaining('force-released') }));
    // Same id, other generation: a record restored from a backup, say. Not the fence's lock.
    expect(() => {
      assertFenceHolds(fence, holder('run-a', 3));
    }).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });

  it('refuses to write over a release a newer generation wrote', () => {
    const where = { ...release(), revision: 3 };
    expect(() => {
      assertReleaseWritable(undefined, fence, where);
    }).not.toThrow();
    expect(() => {
      assertReleaseWritable({ lockGeneration: 4 }, fence, where);
    }).not.toThrow();
    expect(() => {
      assertReleaseWritable({}, fence, where);
    }).not.toThrow();
    expect(() => {
      assertReleaseWritable({ lockGeneration: 5 }, fence, where);
    }).toThrow(
      expect.objectContaining({
        code: 'LOCKED',
        message: expect.stringContaining('release 3 of project "shop"'),
      }),
    );
  });

  it('stamps releases and entries with the fence generation', () => {
    expect(stampRelease(release(), fence).lockGeneration).toBe(4);
    expect(stampJournalEntry({ op: 'delete', id: 'a' }, fence)).toEqual({
      op: 'delete',
      id: 'a',
      generation: 4,
    });
  });

  it('replays only entries not older than the generation that last wrote the release', () => {
    expect(isEntryCurrent({ op: 'delete', id: 'a' }, 5)).toBe(true);
    expect(isEntryCurrent({ op: 'delete', id: 'a', generation: 4 }, undefined)).toBe(true);
    expect(isEntryCurrent({ op: 'delete', id: 'a', generation: 4 }, 5)).toBe(false);
    const late = { op: 'delete', id: 'a', generation: 4 } as const;
    const own = {
      op: 'put',
      resource: { id: 'b', type: 'Test', attributes: {} },
      generation: 5,
    } as const;
    const replayed = withJournalReplayed(release({ lockGeneration: 5 }), [late, own]);
    expect(replayed.state.resources.map((resource) => resource.id)).toEqual(['a', 'b']);
  });
});

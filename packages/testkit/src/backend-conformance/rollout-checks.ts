/** Rollout records (optional in a backend): created once per id, listed oldest first, replaced. */
import type { Rollout } from '@kusion/sdk';
import { expect } from 'vitest';
import type { BackendConformanceCheck } from './types.js';

function sampleRollout(id: string, extra: Partial<Rollout> = {}): Rollout {
  return {
    id,
    project: 'shop',
    stacks: ['main'],
    waves: [{ name: 'wave-1', workspaces: ['dev'], status: 'pending', targets: [] }],
    status: 'running',
    rollbackOnFailure: false,
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
    ...extra,
  };
}

const FIRST = '20240101T000000Z-000001';
const SECOND = '20240101T000001Z-00000a';

export const rolloutChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'rollout-records',
    title:
      'records rollouts per project (oldest first), refuses a second create of an id with STATE_CONFLICT, replaces on update',
    skipWhen: (backend) =>
      backend.rollouts ? undefined : 'the backend keeps no rollout records (Backend.rollouts)',
    async run(target) {
      const store = (await target.open()).rollouts;
      if (!store) throw new Error('Backend.rollouts disappeared between two opens');
      expect(await store.list('shop')).toEqual([]);
      await store.create(sampleRollout(SECOND));
      await store.create(sampleRollout(FIRST));
      await store.create(sampleRollout(FIRST, { project: 'other' }));
      await expect(store.create(sampleRollout(FIRST))).rejects.toMatchObject({
        code: 'STATE_CONFLICT',
      });
      const done = sampleRollout(FIRST, {
        status: 'succeeded',
        modifiedAt: '2024-01-01T00:01:00.000Z',
      });
      await store.update(done);
      const other = (await target.open()).rollouts;
      expect((await other?.list('shop'))?.map((rollout) => rollout.id)).toEqual([FIRST, SECOND]);
      expect(await other?.get('shop', FIRST)).toEqual(done);
      expect(await other?.get('shop', '20240101T000002Z-00000b')).toBeUndefined();
      await expect(store.update(sampleRollout('20240101T000002Z-00000b'))).rejects.toMatchObject({
        code: 'ROLLOUT_NOT_FOUND',
      });
      return undefined;
    },
  },
];

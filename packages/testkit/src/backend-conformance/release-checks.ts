/** Releases: one record per revision, created by compare-and-swap, listed oldest first. */
import { expect } from 'vitest';
import { sampleRelease, sampleResource, sampleScope, sampleWriter } from './samples.js';
import { containing } from './matchers.js';
import type { BackendConformanceCheck } from './types.js';

const scope = sampleScope;
const release = sampleRelease;
const resource = sampleResource;

export const releaseChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'release-lifecycle',
    title: 'creates, gets, finds the latest and lists releases oldest first',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write, fence } = await sampleWriter(backend);
      const stored = (revision: number, resources = [resource('a'), resource(`r${revision}`)]) => ({
        ...release(revision, resources),
        lockGeneration: fence.generation,
      });
      expect(await store.latest(scope)).toBeUndefined();
      expect(await store.list(scope)).toEqual([]);
      // Revision 10 sorts after 9 numerically, not as text.
      for (const revision of [1, 2, 9, 10]) {
        await store.create(release(revision, [resource('a'), resource(`r${revision}`)]), write);
      }
      expect(await store.get(scope, 9)).toEqual(stored(9));
      expect(await store.get(scope, 3)).toBeUndefined();
      expect((await store.latest(scope))?.revision).toBe(10);
      const summaries = await store.list(scope);
      expect(summaries.map((summary) => summary.revision)).toEqual([1, 2, 9, 10]);
      const { spec: _spec, state: _state, ...rest } = stored(1);
      expect(summaries[0]).toEqual({ ...rest, resourceCount: 2 });
      // Scopes do not leak into each other.
      expect(await store.list({ ...scope, stack: 'other' })).toEqual([]);
      expect(await (await target.open()).releases.get(scope, 10)).toEqual(stored(10));
    },
  },
  {
    name: 'release-create-conflict',
    title: 'fails with STATE_CONFLICT creating a revision that exists, keeping the first',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await store.create(release(1), write);
      await expect(store.create(release(1, [resource('other')]), write)).rejects.toMatchObject({
        code: 'STATE_CONFLICT',
        message: containing('release 1 of project "shop"'),
      });
      expect((await store.get(scope, 1))?.state.resources).toEqual([]);
    },
  },
  {
    name: 'release-create-race',
    title:
      'lets exactly one of 10 concurrent creators of a revision win; the others get STATE_CONFLICT',
    async run(target) {
      const { write } = await sampleWriter(await target.open());
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, async (_, index) =>
          (await target.open()).releases.create(release(1, [resource(`w${index}`)]), write),
        ),
      );
      const winners = results.flatMap((result, index) =>
        result.status === 'fulfilled' ? [index] : [],
      );
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toMatchObject({ code: 'STATE_CONFLICT' });
        }
      }
      expect((await (await target.open()).releases.get(scope, 1))?.state.resources).toEqual([
        resource(`w${String(winners[0])}`),
      ]);
    },
  },
  {
    name: 'release-update',
    title: 'updates an existing release and refuses a missing one with RELEASE_NOT_FOUND',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await store.create(release(1), write);
      await store.update(release(1, [resource('a')], { phase: 'succeeded' }), write);
      expect(await store.get(scope, 1)).toMatchObject({
        phase: 'succeeded',
        state: { resources: [resource('a')] },
      });
      expect((await store.list(scope))[0]).toMatchObject({ phase: 'succeeded', resourceCount: 1 });
      await expect(store.update(release(2), write)).rejects.toMatchObject({
        code: 'RELEASE_NOT_FOUND',
      });
    },
  },
  {
    name: 'release-names',
    title: 'refuses scope segments that could escape their folder, and revisions below 1',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await expect(store.create({ ...release(1), project: '..' }, write)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: containing('project name'),
      });
      await expect(store.get({ ...scope, stack: 'a/b' }, 1)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.latest({ ...scope, workspace: 'x\u0000' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.create(release(0), write)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    },
  },
];

/**
 * State journals: what a run records while it applies, replayed by every read and folded into the
 * release by `update`, even when the process that wrote them died.
 */
import { expect } from 'vitest';
import { sampleRelease, sampleResource, sampleScope, sampleWriter } from './samples.js';
import type { BackendConformanceCheck } from './types.js';

const scope = sampleScope;
const release = sampleRelease;
const resource = sampleResource;

export const journalChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'journal-replay-and-fold',
    title: 'replays an open journal on read and folds it in on update',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await store.create(release(1, [resource('a'), resource('b')]), write);
      const journal = await store.openJournal(scope, 1, write);
      await journal.append({ op: 'put', resource: resource('a', 2) });
      await journal.append({ op: 'put', resource: resource('c') });
      await journal.append({ op: 'delete', id: 'b' });
      const expected = [resource('a', 2), resource('c')];
      expect((await store.latest(scope))?.state.resources).toEqual(expected);
      expect((await store.list(scope))[0]?.resourceCount).toBe(2);
      await journal.close();
      await expect(journal.append({ op: 'delete', id: 'a' })).rejects.toMatchObject({
        code: 'INTERNAL',
      });
      // The caller may pass the state it started from: the journal supplies what happened since.
      await store.update(release(1, [resource('a'), resource('b')], { phase: 'failed' }), write);
      expect(await store.get(scope, 1)).toMatchObject({
        phase: 'failed',
        state: { resources: expected },
      });
      // Folded for good: another update does not replay it again.
      await store.update(release(1, [resource('z')], { phase: 'failed' }), write);
      expect((await store.get(scope, 1))?.state.resources).toEqual([resource('z')]);
    },
  },
  {
    name: 'journal-after-crash',
    title: 'replays, in another process, a journal whose writer died before updating the release',
    async run(target) {
      const writerBackend = await target.open();
      const writer = writerBackend.releases;
      const dead = await sampleWriter(writerBackend);
      await writer.create(release(1, [resource('a')], { phase: 'applying' }), dead.write);
      const journal = await writer.openJournal(scope, 1, dead.write);
      await journal.append({ op: 'put', resource: resource('b') });
      await Promise.all([
        journal.append({ op: 'delete', id: 'a' }),
        journal.append({ op: 'put', resource: resource('c') }),
      ]);
      // The writer is "killed" here: no close, no update. The next run takes its lock over.
      const nextBackend = await target.open();
      const next = nextBackend.releases;
      const { write } = await sampleWriter(nextBackend, { replaceHolderId: dead.lock.info.id });
      expect(await next.get(scope, 1)).toMatchObject({
        phase: 'applying',
        state: { resources: [resource('b'), resource('c')] },
      });
      expect((await next.list(scope))[0]?.resourceCount).toBe(2);
      const latest = await next.latest(scope);
      expect(latest).toBeDefined();
      if (latest) await next.update({ ...latest, phase: 'failed' }, write);
      expect(await (await target.open()).releases.get(scope, 1)).toMatchObject({
        phase: 'failed',
        state: { resources: [resource('b'), resource('c')] },
      });
      // A reopened journal continues after the entries already there.
      const reopened = await next.openJournal(scope, 1, write);
      await reopened.append({ op: 'put', resource: resource('d') });
      await reopened.close();
      expect((await next.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(['b', 'c', 'd']);
      await journal.close(); // what the dead process's operating system would do with its handles
    },
  },
  {
    name: 'journal-open-during-update',
    title: 'keeps a journal that is still open when the release is updated, folding it after close',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await store.create(release(1), write);
      const journal = await store.openJournal(scope, 1, write);
      const ids = Array.from({ length: 100 }, (_, index) => `r${String(index)}`);
      const appends = ids
        .slice(0, 50)
        .map((id) => journal.append({ op: 'put', resource: resource(id) }));
      const update = store.update(release(1, [], { phase: 'applying' }), write);
      appends.push(
        ...ids.slice(50).map((id) => journal.append({ op: 'put', resource: resource(id) })),
      );
      await Promise.all([...appends, update]);
      expect(await store.get(scope, 1)).toMatchObject({ phase: 'applying' });
      expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);
      // An update racing close waits for it, then folds everything in.
      const closing = journal.close();
      await store.update(release(1, [], { phase: 'succeeded' }), write);
      await closing;
      expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);
      // Closed journals can be opened again.
      await (await store.openJournal(scope, 1, write)).close();
    },
  },
  {
    name: 'journal-refusals',
    title:
      'refuses a journal for a missing release (RELEASE_NOT_FOUND) and a second open one (INVALID_ARGUMENT)',
    async run(target) {
      const backend = await target.open();
      const store = backend.releases;
      const { write } = await sampleWriter(backend);
      await expect(store.openJournal(scope, 1, write)).rejects.toMatchObject({
        code: 'RELEASE_NOT_FOUND',
      });
      await store.create(release(1), write);
      const journal = await store.openJournal(scope, 1, write);
      await expect(store.openJournal(scope, 1, write)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await journal.close();
      await (await store.openJournal(scope, 1, write)).close();
    },
  },
];

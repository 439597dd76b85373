/**
 * Fencing: every lock taken gets a generation no earlier holder had, and a writer whose lock is
 * gone (force-released, expired and taken over) is refused on its next write, so nothing it
 * writes afterwards overwrites what the new holder recorded. Racing runs that take turns through
 * the lock lose no update.
 */
import type { Backend } from '@kusion/sdk';
import { expect } from 'vitest';
import { containing } from './matchers.js';
import { sampleRelease, sampleResource, sampleScope, sampleWriter } from './samples.js';
import type { BackendConformanceCheck } from './types.js';

const scope = sampleScope;
const lockScope = { project: sampleScope.project, workspace: sampleScope.workspace };
const release = sampleRelease;
const resource = sampleResource;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock, waiting for whoever holds it (a run with `--lock-timeout`). */
async function waitForLock(backend: Backend, name: string, timeoutMs = 60_000) {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await sampleWriter(backend, { holder: { command: name } });
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await sleep(5 + Math.random() * 20);
    }
  }
}

export const fencingChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'lock-generations',
    title:
      'gives every lock taken (free, over, after a release or a force-release) a generation above all earlier ones',
    async run(target) {
      const backend = await target.open();
      const first = await sampleWriter(backend);
      expect(first.lock.info.generation).toBeGreaterThanOrEqual(1);
      await first.lock.release();
      const second = await sampleWriter(await target.open());
      expect(second.lock.info.generation).toBeGreaterThan(first.lock.info.generation);
      const third = await sampleWriter(await target.open(), {
        replaceHolderId: second.lock.info.id,
      });
      expect(third.lock.info.generation).toBeGreaterThan(second.lock.info.generation);
      expect((await backend.locks.inspect(lockScope))?.generation).toBe(third.lock.info.generation);
      await (await target.open()).locks.forceRelease(lockScope);
      const fourth = await sampleWriter(await target.open());
      expect(fourth.lock.info.generation).toBeGreaterThan(third.lock.info.generation);
      // Renewing keeps the generation: it is the same holder.
      await fourth.lock.renew();
      expect(fourth.lock.info.generation).toBe(fourth.fence.generation);
    },
  },
  {
    name: 'fence-force-released',
    title:
      'refuses every write of a holder whose lock was force-released: create, update and journal append (LOCKED)',
    async run(target) {
      const backend = await target.open();
      const writer = await sampleWriter(backend);
      await backend.releases.create(
        release(1, [resource('a')], { phase: 'applying' }),
        writer.write,
      );
      const journal = await backend.releases.openJournal(scope, 1, writer.write);
      await journal.append({ op: 'put', resource: resource('b') });
      expect(await (await target.open()).locks.forceRelease(lockScope)).toMatchObject({
        id: writer.lock.info.id,
      });
      await expect(journal.append({ op: 'put', resource: resource('c') })).rejects.toMatchObject({
        code: 'LOCKED',
        message: containing('force-released'),
      });
      await expect(journal.append({ op: 'delete', id: 'a' })).rejects.toMatchObject({
        code: 'LOCKED',
      });
      await journal.close().catch(() => undefined);
      await expect(
        backend.releases.update(release(1, [], { phase: 'succeeded' }), writer.write),
      ).rejects.toMatchObject({ code: 'LOCKED' });
      await expect(backend.releases.create(release(2), writer.write)).rejects.toMatchObject({
        code: 'LOCKED',
      });
      const reader = (await target.open()).releases;
      expect(await reader.get(scope, 1)).toMatchObject({
        phase: 'applying',
        state: { resources: [resource('a'), resource('b')] },
      });
      expect(await reader.get(scope, 2)).toBeUndefined();
    },
  },
  {
    name: 'fence-taken-over',
    title:
      'refuses the old holder once another took the lock over, keeping what the new holder recorded',
    async run(target) {
      const oldBackend = await target.open();
      const old = await sampleWriter(oldBackend, { ttlMs: 200, holder: { command: 'old run' } });
      await oldBackend.releases.create(
        release(1, [resource('a')], { phase: 'applying' }),
        old.write,
      );
      const oldJournal = await oldBackend.releases.openJournal(scope, 1, old.write);
      await oldJournal.append({ op: 'put', resource: resource('b') });
      // The old holder stalls past its expiry; the next run judges it stale and takes over.
      await sleep(250);
      const nextBackend = await target.open();
      const next = await sampleWriter(nextBackend, {
        replaceHolderId: old.lock.info.id,
        holder: { user: 'bo', host: 'ci-7', command: 'new run' },
      });
      const interrupted = await nextBackend.releases.latest(scope);
      expect(interrupted?.state.resources).toEqual([resource('a'), resource('b')]);
      if (interrupted) {
        await nextBackend.releases.update({ ...interrupted, phase: 'failed' }, next.write);
      }
      await nextBackend.releases.create(
        release(2, [resource('a'), resource('b')], { phase: 'applying' }),
        next.write,
      );
      // The old run wakes up and tries to go on.
      await expect(oldJournal.append({ op: 'delete', id: 'a' })).rejects.toMatchObject({
        code: 'LOCKED',
        message: containing('taken over by bo@ci-7'),
      });
      await oldJournal.close().catch(() => undefined);
      await expect(
        oldBackend.releases.update(release(1, [], { phase: 'succeeded' }), old.write),
      ).rejects.toMatchObject({ code: 'LOCKED' });
      await expect(oldBackend.releases.create(release(3), old.write)).rejects.toMatchObject({
        code: 'LOCKED',
      });
      await expect(old.lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
      await old.lock.release(); // silent: it is not the holder
      const reader = (await target.open()).releases;
      expect(await reader.get(scope, 1)).toMatchObject({
        phase: 'failed',
        lockGeneration: next.fence.generation,
        state: { resources: [resource('a'), resource('b')] },
      });
      expect((await reader.latest(scope))?.revision).toBe(2);
      expect(await (await target.open()).locks.inspect(lockScope)).toEqual(next.lock.info);
    },
  },
  {
    name: 'fence-late-journal-entry',
    title:
      'ignores, on every read, journal entries a fenced-out writer stored under an older generation after the new holder folded the journal',
    async run(target) {
      const backend = await target.open();
      const old = await sampleWriter(backend);
      await backend.releases.create(release(1, [resource('a')], { phase: 'applying' }), old.write);
      const next = await sampleWriter(await target.open(), { replaceHolderId: old.lock.info.id });
      const nextStore = (await target.open()).releases;
      const interrupted = await nextStore.latest(scope);
      if (interrupted) await nextStore.update({ ...interrupted, phase: 'failed' }, next.write);
      // Whatever the old writer still manages to store, reads ignore: it is of an older generation.
      const journal = await backend.releases
        .openJournal(scope, 1, old.write)
        .catch(() => undefined);
      await journal?.append({ op: 'delete', id: 'a' }).catch(() => undefined);
      await journal?.close().catch(() => undefined);
      expect((await (await target.open()).releases.get(scope, 1))?.state.resources).toEqual([
        resource('a'),
      ]);
    },
  },
  {
    name: 'race-ten-writers',
    title:
      '10 racing runs on separate backends: one holds the lock at a time, each records one revision, no update is lost',
    async run(target) {
      let holders = 0;
      let mostHolders = 0;
      const runs = Array.from({ length: 10 }, async (_, index) => {
        const backend = await target.open();
        const name = `w${index}`;
        const writer = await waitForLock(backend, name);
        holders++;
        mostHolders = Math.max(mostHolders, holders);
        try {
          const latest = await backend.releases.latest(scope);
          const revision = (latest?.revision ?? 0) + 1;
          const resources = [...(latest?.state.resources ?? []), resource(name)];
          await backend.releases.create(
            release(revision, latest?.state.resources ?? [], { phase: 'applying', user: name }),
            writer.write,
          );
          const journal = await backend.releases.openJournal(scope, revision, writer.write);
          await journal.append({ op: 'put', resource: resource(name) });
          await journal.close();
          await backend.releases.update(
            release(revision, resources, { phase: 'succeeded', user: name }),
            writer.write,
          );
        } finally {
          holders--;
          await writer.lock.release();
        }
      });
      await Promise.all(runs);
      expect(mostHolders).toBe(1);
      const store = (await target.open()).releases;
      const summaries = await store.list(scope);
      expect(summaries.map((summary) => summary.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set(summaries.map((summary) => summary.user)).size).toBe(10);
      expect(summaries.every((summary) => summary.phase === 'succeeded')).toBe(true);
      const last = await store.latest(scope);
      expect(last?.state.resources.map((r) => r.id).sort()).toEqual(
        Array.from({ length: 10 }, (_, index) => `w${index}`).sort(),
      );
      expect(await (await target.open()).locks.inspect(lockScope)).toBeUndefined();
    },
  },
  {
    name: 'race-ten-updaters',
    title:
      '10 concurrent updates of one release by its holder: every one lands whole (compare-and-swap retried or serialised), none half-written',
    async run(target) {
      const backend = await target.open();
      const writer = await sampleWriter(backend);
      await backend.releases.create(release(1, [], { phase: 'applying' }), writer.write);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, async (_, index) =>
          (await target.open()).releases.update(
            release(1, [resource(`u${index}`)], { phase: 'applying' }),
            writer.write,
          ),
        ),
      );
      // A backend may serialise them or refuse the losers of a compare-and-swap; it must not
      // corrupt the record or report success for a write that did not land.
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toMatchObject({ code: 'STATE_CONFLICT' });
        }
      }
      const stored = await (await target.open()).releases.get(scope, 1);
      expect(stored?.state.resources).toHaveLength(1);
      const winner = stored?.state.resources[0]?.id ?? '';
      const index = Number(winner.slice(1));
      expect(results[index]?.status).toBe('fulfilled');
    },
  },
];

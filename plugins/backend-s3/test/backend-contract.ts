/**
 * What every backend must do, written once against the `Backend` interface and run for the
 * embedded local backend and for S3, so both answer the engine the same way. (A candidate for
 * `@kusion/testkit`, next to the provider conformance suite.)
 */
import type { Backend, HeldLock, Release, ResourceState } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';

export interface BackendUnderTest {
  /** A handle on the same storage, as another process would open it; storage is fresh per test. */
  open(): Backend;
}

export const scope = { project: 'shop', workspace: 'dev', stack: 'main' };
const lockScope = { project: 'shop', workspace: 'prod' };
const holder = { user: 'ana', host: 'laptop', pid: 4242, command: 'kusion deploy' };

export function resource(id: string, version = 1): ResourceState {
  return { id, type: 'Test', attributes: { version } };
}

export function release(
  revision: number,
  resources: ResourceState[] = [],
  extra: Partial<Release> = {},
): Release {
  return {
    ...scope,
    revision,
    operation: 'deploy',
    phase: 'preparing',
    spec: { resources },
    state: { resources },
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
    ...extra,
  };
}

async function acquire(backend: Backend, replaceHolderId?: string): Promise<HeldLock> {
  const result = await backend.locks.tryAcquire({
    scope: lockScope,
    holder,
    ttlMs: 60_000,
    replaceHolderId,
  });
  if (!('lock' in result)) throw new Error(`expected the lock, held by ${result.holder.id}`);
  return result.lock;
}

export function describeBackendContract(
  name: string,
  setup: () => Promise<BackendUnderTest>,
): void {
  describe(`${name} backend contract: workspaces`, () => {
    const prod = {
      name: 'prod',
      providers: { test: { dir: '/cloud' } },
      context: { region: 'eu-west-1' },
    };

    it('creates, reads, lists (sorted), updates and deletes workspaces', async () => {
      const store = (await setup()).open().workspaces;
      expect(await store.list()).toEqual([]);
      await store.create(prod);
      await store.create({ name: 'dev' });
      expect(await store.list()).toEqual(['dev', 'prod']);
      expect(await store.get('prod')).toEqual(prod);
      expect(await store.get('qa')).toBeUndefined();
      await store.update({ ...prod, context: { region: 'us-east-1' } });
      expect((await store.get('prod'))?.context).toEqual({ region: 'us-east-1' });
      await store.delete('dev');
      expect(await store.list()).toEqual(['prod']);
    });

    it('lets one of 10 racing creators of a name win; the others get WORKSPACE_EXISTS', async () => {
      const under = await setup();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => under.open().workspaces.create(prod)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      await expect(under.open().workspaces.create(prod)).rejects.toMatchObject({
        code: 'WORKSPACE_EXISTS',
        hint: expect.stringContaining('taken: prod'),
      });
    });

    it('fails update and delete of a missing workspace with WORKSPACE_NOT_FOUND', async () => {
      const store = (await setup()).open().workspaces;
      await store.create({ name: 'dev' });
      await expect(store.update({ name: 'qa' })).rejects.toMatchObject({
        code: 'WORKSPACE_NOT_FOUND',
        hint: expect.stringContaining('Existing workspaces: dev'),
      });
      await expect(store.delete('qa')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
    });

    it('selects a current workspace and clears it when that workspace is deleted', async () => {
      const store = (await setup()).open().workspaces;
      expect(await store.getCurrent()).toBeUndefined();
      await store.create({ name: 'dev' });
      await store.create(prod);
      await store.setCurrent('dev');
      expect(await store.getCurrent()).toBe('dev');
      await store.delete('prod');
      expect(await store.getCurrent()).toBe('dev');
      await store.delete('dev');
      expect(await store.getCurrent()).toBeUndefined();
      await expect(store.setCurrent('missing')).rejects.toMatchObject({
        code: 'WORKSPACE_NOT_FOUND',
      });
    });

    it('validates names', async () => {
      const store = (await setup()).open().workspaces;
      await expect(store.create({ name: '../escape' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.get('a/b')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.setCurrent('..')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe(`${name} backend contract: releases`, () => {
    it('creates, gets, finds the latest and lists releases oldest first', async () => {
      const store = (await setup()).open().releases;
      expect(await store.latest(scope)).toBeUndefined();
      expect(await store.list(scope)).toEqual([]);
      // Revision 10 sorts after 9 numerically, not as text.
      for (const revision of [1, 2, 9, 10]) {
        await store.create(release(revision, [resource('a'), resource(`r${revision}`)]));
      }
      expect(await store.get(scope, 9)).toEqual(release(9, [resource('a'), resource('r9')]));
      expect(await store.get(scope, 3)).toBeUndefined();
      expect((await store.latest(scope))?.revision).toBe(10);
      const summaries = await store.list(scope);
      expect(summaries.map((summary) => summary.revision)).toEqual([1, 2, 9, 10]);
      const { spec: _spec, state: _state, ...rest } = release(1);
      expect(summaries[0]).toEqual({ ...rest, resourceCount: 2 });
      // Scopes do not leak into each other.
      expect(await store.list({ ...scope, stack: 'other' })).toEqual([]);
    });

    it('lets exactly one of 10 concurrent creators of a revision win; the others get STATE_CONFLICT', async () => {
      const under = await setup();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          under.open().releases.create(release(1, [resource(`w${index}`)])),
        ),
      );
      const winners = results.flatMap((result, index) =>
        result.status === 'fulfilled' ? [index] : [],
      );
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ code: 'STATE_CONFLICT' });
      }
      expect((await under.open().releases.get(scope, 1))?.state.resources).toEqual([
        resource(`w${winners[0]!}`),
      ]);
    });

    it('updates an existing release and refuses a missing one', async () => {
      const store = (await setup()).open().releases;
      await store.create(release(1));
      await store.update(release(1, [resource('a')], { phase: 'succeeded' }));
      expect(await store.get(scope, 1)).toMatchObject({
        phase: 'succeeded',
        state: { resources: [resource('a')] },
      });
      expect((await store.list(scope))[0]).toMatchObject({ phase: 'succeeded', resourceCount: 1 });
      await expect(store.update(release(2))).rejects.toMatchObject({ code: 'RELEASE_NOT_FOUND' });
    });

    it('replays an open journal on read and folds it in on update', async () => {
      const store = (await setup()).open().releases;
      await store.create(release(1, [resource('a'), resource('b')]));
      const journal = await store.openJournal(scope, 1);
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
      await store.update(release(1, [resource('a'), resource('b')], { phase: 'failed' }));
      expect(await store.get(scope, 1)).toMatchObject({
        phase: 'failed',
        state: { resources: expected },
      });
    });

    it('replays, in another process, a journal whose writer died before updating the release', async () => {
      const under = await setup();
      const writer = under.open().releases;
      await writer.create(release(1, [resource('a')], { phase: 'applying' }));
      const journal = await writer.openJournal(scope, 1);
      await journal.append({ op: 'put', resource: resource('b') });
      await Promise.all([
        journal.append({ op: 'delete', id: 'a' }),
        journal.append({ op: 'put', resource: resource('c') }),
      ]);
      // The writer is "killed" here: no close, no update.
      const next = under.open().releases;
      expect(await next.get(scope, 1)).toMatchObject({
        phase: 'applying',
        state: { resources: [resource('b'), resource('c')] },
      });
      expect((await next.list(scope))[0]?.resourceCount).toBe(2);
      const latest = (await next.latest(scope))!;
      await next.update({ ...latest, phase: 'failed' });
      expect(await under.open().releases.get(scope, 1)).toMatchObject({
        phase: 'failed',
        state: { resources: [resource('b'), resource('c')] },
      });
      // A reopened journal continues after the groups already there.
      const reopened = await next.openJournal(scope, 1);
      await reopened.append({ op: 'put', resource: resource('d') });
      await reopened.close();
      expect((await next.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(['b', 'c', 'd']);
      await journal.close(); // what the dead process's operating system would do with its handles
    });

    it('keeps a journal that is still open when the release is updated, folding it after close', async () => {
      const store = (await setup()).open().releases;
      await store.create(release(1));
      const journal = await store.openJournal(scope, 1);
      const ids = Array.from({ length: 100 }, (_, index) => `r${index}`);
      const appends = ids
        .slice(0, 50)
        .map((id) => journal.append({ op: 'put', resource: resource(id) }));
      const update = store.update(release(1, [], { phase: 'applying' }));
      appends.push(
        ...ids.slice(50).map((id) => journal.append({ op: 'put', resource: resource(id) })),
      );
      await Promise.all([...appends, update]);
      expect(await store.get(scope, 1)).toMatchObject({ phase: 'applying' });
      expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);
      // An update racing close waits for it, then folds everything in.
      const closing = journal.close();
      await store.update(release(1, [], { phase: 'succeeded' }));
      await closing;
      expect((await store.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids);
      await (await store.openJournal(scope, 1)).close();
    });

    it('refuses a journal for a missing release and a second open journal', async () => {
      const store = (await setup()).open().releases;
      await expect(store.openJournal(scope, 1)).rejects.toMatchObject({
        code: 'RELEASE_NOT_FOUND',
      });
      await store.create(release(1));
      const journal = await store.openJournal(scope, 1);
      await expect(store.openJournal(scope, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await journal.close();
      await (await store.openJournal(scope, 1)).close();
    });

    it('validates scope segments and revisions', async () => {
      const store = (await setup()).open().releases;
      await expect(store.create({ ...release(1), project: '..' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('project name'),
      });
      await expect(store.get({ ...scope, stack: 'a/b' }, 1)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.latest({ ...scope, workspace: 'x\u0000' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.create(release(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe(`${name} backend contract: locks`, () => {
    it('takes a free lock with a full LockInfo and answers who holds it to others', async () => {
      const under = await setup();
      const before = Date.now();
      const lock = await acquire(under.open());
      expect(lock.info).toMatchObject({ ...holder, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(Date.parse(lock.info.expiresAt) - Date.parse(lock.info.acquiredAt)).toBe(60_000);
      expect(Date.parse(lock.info.acquiredAt)).toBeGreaterThanOrEqual(before - 1);
      const other = under.open();
      expect(await other.locks.inspect(lockScope)).toEqual(lock.info);
      expect(await other.locks.tryAcquire({ scope: lockScope, holder, ttlMs: 1000 })).toEqual({
        holder: lock.info,
      });
      expect(await other.locks.inspect({ ...lockScope, workspace: 'dev' })).toBeUndefined();
    });

    it('gives the lock to exactly one of 10 concurrent takers', async () => {
      const under = await setup();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          under.open().locks.tryAcquire({
            scope: lockScope,
            holder: { ...holder, pid: index },
            ttlMs: 60_000,
          }),
        ),
      );
      const locks = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
      expect(locks).toHaveLength(1);
      for (const result of results) {
        if ('holder' in result) expect(result.holder).toEqual(locks[0]!.info);
      }
    });

    it('renews and releases only while it holds the lock', async () => {
      const under = await setup();
      const lock = await acquire(under.open());
      const firstExpiry = lock.info.expiresAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await lock.renew();
      expect(Date.parse(lock.info.expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
      expect((await under.open().locks.inspect(lockScope))?.expiresAt).toBe(lock.info.expiresAt);
      await lock.release();
      expect(await under.open().locks.inspect(lockScope)).toBeUndefined();
      await lock.release(); // already gone: fine
      await expect(lock.renew()).rejects.toMatchObject({ code: 'LOCKED' });
    });

    it('lets a stale holder be replaced by id; the old holder can then neither renew nor release', async () => {
      const under = await setup();
      const old = await acquire(under.open());
      const taker = under.open();
      expect(
        await taker.locks.tryAcquire({
          scope: lockScope,
          holder,
          ttlMs: 1000,
          replaceHolderId: 'someone-else',
        }),
      ).toEqual({ holder: old.info });
      const taken = await acquire(taker, old.info.id);
      expect(taken.info.id).not.toBe(old.info.id);
      await expect(old.renew()).rejects.toMatchObject({
        code: 'LOCKED',
        holder: taken.info,
        message: expect.stringContaining('taken over by ana@laptop'),
      });
      await old.release();
      expect(await taker.locks.inspect(lockScope)).toEqual(taken.info);
    });

    it('takes over a lock that vanished before the takeover', async () => {
      const under = await setup();
      const old = await acquire(under.open());
      await old.release();
      const taken = await acquire(under.open(), old.info.id);
      expect(await under.open().locks.inspect(lockScope)).toEqual(taken.info);
    });

    it('serialises racing takeovers of the same holder: exactly one wins', async () => {
      const under = await setup();
      const old = await acquire(under.open());
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          under.open().locks.tryAcquire({
            scope: lockScope,
            holder,
            ttlMs: 60_000,
            replaceHolderId: old.info.id,
          }),
        ),
      );
      const winners = results.flatMap((result) => ('lock' in result ? [result.lock] : []));
      expect(winners).toHaveLength(1);
      expect(await under.open().locks.inspect(lockScope)).toEqual(winners[0]!.info);
    });

    it('force-releases whoever holds it and answers who that was', async () => {
      const under = await setup();
      const admin = under.open().locks;
      expect(await admin.forceRelease(lockScope)).toBeUndefined();
      const lock = await acquire(under.open());
      expect(await admin.forceRelease(lockScope)).toEqual(lock.info);
      expect(await admin.inspect(lockScope)).toBeUndefined();
      await expect(lock.renew()).rejects.toMatchObject({
        code: 'LOCKED',
        message: expect.stringContaining('force-released'),
      });
    });

    it('validates scope segments and ttl', async () => {
      const locks = (await setup()).open().locks;
      await expect(
        locks.tryAcquire({ scope: { ...lockScope, workspace: '../x' }, holder, ttlMs: 1000 }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(locks.inspect({ ...lockScope, project: '' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(locks.tryAcquire({ scope: lockScope, holder, ttlMs: 0 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    });
  });
}

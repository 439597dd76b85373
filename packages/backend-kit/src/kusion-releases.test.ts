/**
 * Kusion's releases joined to ours (`withKusionReleases`), over the fixture home Kusion's structs
 * wrote (tools/kusion-fixtures): shop/dev holds `web` 1, 2, 4 and `database` 3, latest 4.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LockFence, Release, ReleaseScope, ReleaseStore } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createKusionReleaseReader, withKusionReleases } from './kusion-releases.js';
import type { KusionReleaseFolder } from './kusion-releases.js';
import { releaseExistsError, releaseNotFoundError } from './release-errors.js';
import { summarizeRelease } from './release-codec.js';

const HOME = fileURLToPath(new URL('../test/kusion-home/', import.meta.url));
const web = { project: 'shop', workspace: 'dev', stack: 'web' };
const fence: LockFence = {
  scope: { project: 'shop', workspace: 'dev' },
  holderId: 'h',
  generation: 1,
};

/** Files Kusion wrote, and which of them were read. */
function kusionHome() {
  const reads: string[] = [];
  const fileOf = (folder: KusionReleaseFolder, name: string) =>
    join(HOME, 'releases', folder.project, folder.workspace, name);
  const reader = createKusionReleaseReader({
    async read(folder, name) {
      reads.push(name);
      try {
        return await readFile(fileOf(folder, name), 'utf8');
      } catch {
        return undefined;
      }
    },
    placeOf: (folder, name) => ({ where: fileOf(folder, name), restoreFrom: 'from a backup' }),
  });
  return { reader, reads };
}

/** Our store: releases in memory, with the compare-and-swap every backend performs. */
function ourStore(): ReleaseStore & { readonly records: Map<string, Release> } {
  const records = new Map<string, Release>();
  const key = (scope: ReleaseScope, revision: number) =>
    `${scope.project}/${scope.workspace}/${scope.stack}/${revision}`;
  const ofScope = (scope: ReleaseScope) =>
    [...records.values()]
      .filter(
        (r) =>
          r.project === scope.project && r.workspace === scope.workspace && r.stack === scope.stack,
      )
      .sort((a, b) => a.revision - b.revision);
  return {
    records,
    get: (scope, revision) => Promise.resolve(records.get(key(scope, revision))),
    latest: (scope) => Promise.resolve(ofScope(scope).at(-1)),
    list: (scope) => Promise.resolve(ofScope(scope).map(summarizeRelease)),
    create(release) {
      if (records.has(key(release, release.revision))) {
        return Promise.reject(releaseExistsError(release, release.revision));
      }
      records.set(key(release, release.revision), release);
      return Promise.resolve();
    },
    update(release) {
      if (!records.has(key(release, release.revision))) {
        return Promise.reject(releaseNotFoundError(release, release.revision));
      }
      records.set(key(release, release.revision), release);
      return Promise.resolve();
    },
    openJournal: (scope, revision) => Promise.reject(releaseNotFoundError(scope, revision)),
    scopes: () => Promise.resolve([web]),
  };
}

function ours(revision: number, scope: ReleaseScope = web): Release {
  return {
    ...scope,
    revision,
    operation: 'deploy',
    phase: 'succeeded',
    spec: { resources: [] },
    state: { resources: [] },
    createdAt: '2025-01-01T00:00:00.000Z',
    modifiedAt: '2025-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
  };
}

describe("Kusion's releases beside ours", () => {
  it("lists Kusion's releases of the stack, and shows the newest as the latest", async () => {
    const store = withKusionReleases(ourStore(), kusionHome().reader);
    const list = await store.list(web);
    expect(list.map((r) => [r.revision, r.phase, r.user, r.resourceCount])).toEqual([
      [1, 'succeeded', 'kusion', 2],
      [2, 'failed', 'kusion', 2],
      [4, 'failed', 'kusion', 1],
    ]);
    expect((await store.latest(web))?.revision).toBe(4);
    expect((await store.latest({ ...web, stack: 'database' }))?.revision).toBe(3);
    expect(await store.latest({ ...web, stack: 'api' })).toBeUndefined();
    // Kusion's `Get` answers only what its metadata lists for the stack.
    expect(await store.get(web, 3)).toBeUndefined();
    expect((await store.get({ ...web, stack: 'database' }, 3))?.user).toBe('kusion');
  });

  it("continues after Kusion's latest: every revision Kusion took is refused", async () => {
    const inner = ourStore();
    const store = withKusionReleases(inner, kusionHome().reader);
    for (const revision of [1, 3, 4]) {
      await expect(store.create(ours(revision), { fence })).rejects.toMatchObject({
        code: 'STATE_CONFLICT',
        message: `release ${revision} of project "shop", workspace "dev" was recorded by KusionStack Kusion, which numbers the releases of all stacks of a workspace together`,
      });
    }
    expect(inner.records.size).toBe(0);
    await store.create(ours(5), { fence });
    expect((await store.list(web)).map((r) => [r.revision, r.user])).toEqual([
      [1, 'kusion'],
      [2, 'kusion'],
      [4, 'kusion'],
      [5, 'ana'],
    ]);
    expect((await store.latest(web))?.user).toBe('ana');
  });

  it('never rewrites a Kusion release: update and journals reach ours only', async () => {
    const inner = ourStore();
    const store = withKusionReleases(inner, kusionHome().reader);
    const kusions = await store.get(web, 4);
    if (!kusions) throw new Error('Kusion recorded revision 4');
    await expect(store.update({ ...kusions, phase: 'failed' }, { fence })).rejects.toMatchObject({
      code: 'RELEASE_NOT_FOUND',
    });
    await expect(store.openJournal(web, 4, { fence })).rejects.toMatchObject({
      code: 'RELEASE_NOT_FOUND',
    });
    expect(inner.records.size).toBe(0);
    expect(await store.scopes?.()).toEqual([web]);
  });

  it('prefers our release where both hold a revision', async () => {
    const inner = ourStore();
    inner.records.set('shop/dev/web/2', ours(2));
    const store = withKusionReleases(inner, kusionHome().reader);
    expect((await store.get(web, 2))?.user).toBe('ana');
    expect((await store.list(web)).map((r) => [r.revision, r.user])).toEqual([
      [1, 'kusion'],
      [2, 'ana'],
      [4, 'kusion'],
    ]);
  });

  it('reads the metadata once for a whole listing', async () => {
    const { reader, reads } = kusionHome();
    await withKusionReleases(ourStore(), reader).list(web);
    expect(reads.filter((name) => name === '.metadata.yml')).toHaveLength(1);
    expect(reads.filter((name) => name !== '.metadata.yml').sort()).toEqual([
      '1.yaml',
      '2.yaml',
      '4.yaml',
    ]);
  });

  it('reports a release the metadata lists but Kusion never wrote, naming the metadata', async () => {
    const reader = createKusionReleaseReader({
      read: (_folder, name) =>
        Promise.resolve(
          name === '.metadata.yml'
            ? 'latestRevision: 1\nreleaseMetaDatas:\n    - revision: 1\n      stack: web\n'
            : undefined,
        ),
      placeOf: (_folder, name) => ({ where: `s3://b/releases/shop/dev/${name}`, restoreFrom: 'x' }),
    });
    const store = withKusionReleases(ourStore(), reader);
    for (const read of [() => store.list(web), () => store.latest(web), () => store.get(web, 1)]) {
      await expect(read()).rejects.toMatchObject({
        code: 'STATE_CORRUPT',
        message:
          's3://b/releases/shop/dev/.metadata.yml (written by KusionStack Kusion) is unreadable: it lists revision 1 of stack "web", but 1.yaml is missing',
      });
    }
  });

  it('is ours alone where Kusion recorded nothing', async () => {
    const inner = ourStore();
    inner.records.set('shop/prod/web/1', ours(1, { ...web, workspace: 'prod' }));
    const store = withKusionReleases(inner, kusionHome().reader);
    const prod = { ...web, workspace: 'prod' };
    expect((await store.list(prod)).map((r) => r.revision)).toEqual([1]);
    await store.create(ours(2, prod), { fence });
    expect((await store.latest(prod))?.revision).toBe(2);
  });
});

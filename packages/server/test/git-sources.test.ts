/**
 * Git checkouts as project sources, against real repositories: a bare repository in a temporary
 * folder (reached by file:// — no network), a project committed and pushed to it, a real server
 * on loopback. Stacks are listed from the served commit; a new commit is seen after a refresh; a
 * preview runs from, and records, the new commit; a fetch that fails keeps the last good commit
 * and says why; a source whose URL is wrong is reported while the server serves the rest. And
 * runs of two commits never share a working tree.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- assertions on the JSON answers */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace } from '@kusion/core';
import { createRecordingIoHost } from '@kusion/testkit';
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTokenStore, parseGitSource, startServer } from '../src/index.js';
import type { RunningServer, ServerLogLine } from '../src/index.js';
import { openGitSource } from '../src/sources/git-source.js';
import { openGitSources } from '../src/sources/git-sources.js';
import { readEvents } from './support/scratch-server.js';

let dir: string;
let origin: string;
let work: SimpleGit;
let workDir: string;
let home: string;
let server: RunningServer;
const logLines: ServerLogLine[] = [];
const tokens = { viewer: '', deployer: '', admin: '' };
const commits: string[] = [];

/** Writes the shop project (under apps/) with these resources, commits and pushes it. */
async function commitShop(resources: string[], message: string): Promise<string> {
  const stack = join(workDir, 'apps', 'shop', 'dev');
  await mkdir(stack, { recursive: true });
  await writeFile(join(workDir, 'apps', 'shop', 'project.yaml'), 'name: shop\n');
  await writeFile(join(stack, 'stack.yaml'), 'name: dev\n');
  await writeFile(
    join(stack, 'main.yaml'),
    stringify({
      resources: resources.map((name) => ({
        id: `test:${name}`,
        type: 'Test',
        attributes: { name },
      })),
    }),
  );
  await work.add('.');
  await work.commit(message);
  await work.push('origin', 'HEAD:main');
  return (await work.revparse(['HEAD'])).trim();
}

async function api(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-git-'));
  origin = join(dir, 'origin.git');
  workDir = join(dir, 'work');
  home = join(dir, '.home');
  await simpleGit().init(true, [origin]);
  await mkdir(workDir);
  work = simpleGit(workDir);
  await work.init();
  await work.addConfig('user.name', 'Test');
  await work.addConfig('user.email', 'test@example.com');
  await work.addRemote('origin', origin);
  commits.push(await commitShop(['db'], 'shop: a database'));

  const workspaceFile = join(dir, 'dev.yaml');
  await writeFile(
    workspaceFile,
    stringify({ providers: { test: { package: '@kusion/testkit', dir: join(dir, '.cloud') } } }),
  );
  await createWorkspace({
    io: createRecordingIoHost(),
    kusionHome: home,
    name: 'dev',
    file: workspaceFile,
  });
  const store = createTokenStore(home);
  tokens.viewer = (await store.create({ role: 'viewer', name: 'vic' })).token;
  tokens.deployer = (await store.create({ role: 'deployer', name: 'dee' })).token;
  tokens.admin = (await store.create({ role: 'admin', name: 'ada' })).token;
  server = await startServer({
    projectDirs: [],
    gitSources: [
      parseGitSource(`file://${origin}//apps?ref=main&name=apps`),
      parseGitSource(`file://${join(dir, 'missing.git')}?name=broken`),
    ],
    gitRefreshIntervalMs: 0,
    port: 0,
    kusionHome: home,
    log: (line) => logLines.push(line),
  });
}, 60_000);

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('git sources', () => {
  it('serves the stacks of the commit it fetched, and reports a source it could not fetch', async () => {
    expect(
      server.sources.map((source) => [source.name, source.commit, source.error?.code]),
    ).toEqual([
      ['apps', commits[0], undefined],
      ['broken', undefined, 'SOURCE_FETCH_FAILED'],
    ]);
    const projects = await api('/api/projects', { token: tokens.viewer });
    expect(projects.json.projects).toEqual([
      {
        name: 'shop',
        path: 'shop',
        source: { kind: 'git', name: 'apps', commit: commits[0] },
        stacks: [{ name: 'dev', path: 'dev' }],
      },
    ]);
    const { json } = await api('/api/sources', { token: tokens.viewer });
    expect(json.sources[0]).toMatchObject({
      name: 'apps',
      ref: 'main',
      path: 'apps',
      commit: commits[0],
    });
    expect(json.sources[0].error).toBeUndefined();
    const broken = json.sources[1];
    expect(broken.commit).toBeUndefined();
    expect(broken.error.code).toBe('SOURCE_FETCH_FAILED');
    expect(broken.error.message).toContain('missing.git');
    expect(broken.error.hint).toContain('serves nothing until a fetch succeeds');
    // …and said so in the log, with its code.
    expect(logLines).toContainEqual(
      expect.objectContaining({ level: 'error', code: 'SOURCE_FETCH_FAILED', source: 'broken' }),
    );
    expect((await api('/api/health')).json.status).toBe('ok');
  });

  it('sees a pushed commit after an admin refresh, and a preview runs from it and records it', async () => {
    commits.push(await commitShop(['db', 'cache'], 'shop: a cache'));
    // No interval here: the server still serves the first commit.
    expect((await api('/api/sources', { token: tokens.viewer })).json.sources[0].commit).toBe(
      commits[0],
    );
    const refusal = await api('/api/sources/apps/refresh', {
      method: 'POST',
      token: tokens.deployer,
    });
    expect(refusal.status).toBe(403);
    const refreshed = await api('/api/sources/apps/refresh', {
      method: 'POST',
      token: tokens.admin,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ name: 'apps', commit: commits[1] });
    const unknown = await api('/api/sources/nope/refresh', { method: 'POST', token: tokens.admin });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    expect(unknown.json.error.hint).toContain('apps, broken');

    const started = await api('/api/runs', {
      method: 'POST',
      token: tokens.deployer,
      body: { kind: 'preview', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    expect(started.status).toBe(202);
    expect(started.json.source).toEqual({
      kind: 'git',
      name: 'apps',
      url: `file://${origin}`,
      ref: 'main',
      commit: commits[1],
    });
    const { events } = await readEvents(
      `${server.url}/api/runs/${started.json.id as string}/events`,
      tokens.viewer,
    );
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data.status).toBe('succeeded');
    // The plan is the new commit's: two resources to create.
    expect(end?.data.result.changes.map((change: { id: string }) => change.id).sort()).toEqual([
      'test:cache',
      'test:db',
    ]);
    const shown = await api(`/api/runs/${started.json.id as string}`, { token: tokens.viewer });
    expect(shown.json.source.commit).toBe(commits[1]);
  });

  it('keeps serving the last good commit when a fetch fails, with a coded error and a hint', async () => {
    await rename(origin, `${origin}.away`);
    try {
      const failed = await api('/api/sources/apps/refresh', {
        method: 'POST',
        token: tokens.admin,
      });
      expect(failed.status).toBe(502);
      expect(failed.json.error.code).toBe('SOURCE_FETCH_FAILED');
      expect(failed.json.error.hint).toContain(`still serving commit ${commits[1]!.slice(0, 12)}`);
      const { json } = await api('/api/sources', { token: tokens.viewer });
      expect(json.sources[0]).toMatchObject({
        commit: commits[1],
        error: { code: 'SOURCE_FETCH_FAILED' },
      });
      const projects = await api('/api/projects', { token: tokens.viewer });
      expect(projects.json.projects[0].source.commit).toBe(commits[1]);
      expect(logLines).toContainEqual(
        expect.objectContaining({ level: 'error', code: 'SOURCE_FETCH_FAILED', source: 'apps' }),
      );
    } finally {
      await rename(`${origin}.away`, origin);
    }
    const healed = await api('/api/sources/apps/refresh', { method: 'POST', token: tokens.admin });
    expect(healed.status).toBe(200);
    expect(healed.json.error).toBeUndefined();
  });

  it('documents the sources routes in the OpenAPI document', async () => {
    const { json } = await api('/api/openapi.json');
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining(['/api/sources', '/api/sources/{name}/refresh']),
    );
    expect(json.components.schemas.Run.properties.source.properties.commit).toBeDefined();
  });
});

describe('a git source of one process', () => {
  it('gives runs of two commits two working trees, and drops a tree once unused', async () => {
    const source = await openGitSource({
      config: parseGitSource(`file://${origin}//apps?ref=main&name=trees`),
      cacheRoot: join(dir, 'cache'),
      gitTimeoutMs: 60_000,
    });
    try {
      const status = await source.refresh();
      expect(status.commit).toBe(commits[1]);
      // A run recorded at the first commit (on another server, say), and one at the head.
      const old = await source.checkout(commits[0]!);
      const current = await source.checkout(commits[1]!);
      expect(old.root).not.toBe(current.root);
      const mainOf = (root: string) => readFile(join(root, 'shop', 'dev', 'main.yaml'), 'utf8');
      expect(await mainOf(old.root)).not.toContain('cache');
      expect(await mainOf(current.root)).toContain('cache');
      expect(source.head()?.root).toBe(current.root);
      await old.release();
      expect(existsSync(old.root)).toBe(false);
      // The head's tree stays: the catalog lists it.
      await current.release();
      expect(existsSync(current.root)).toBe(true);
      // A commit nobody has is a clear error.
      await expect(source.checkout('0'.repeat(40))).rejects.toMatchObject({
        code: 'SOURCE_COMMIT_MISSING',
      });
    } finally {
      await source.close();
    }
  });

  it('serves the commit its cache last fetched when it restarts and cannot fetch', async () => {
    const open = () =>
      openGitSource({
        config: parseGitSource(`file://${origin}//apps?ref=main&name=restart`),
        cacheRoot: join(dir, 'cache'),
        gitTimeoutMs: 60_000,
      });
    const before = await open();
    expect((await before.refresh()).commit).toBe(commits[1]);
    await before.close();
    await rename(origin, `${origin}.away`);
    try {
      const after = await open();
      const status = await after.refresh();
      expect(status.error?.code).toBe('SOURCE_FETCH_FAILED');
      expect(status.error?.hint).toContain('fetched before the server restarted');
      expect(status.commit).toBe(commits[1]);
      expect(existsSync(join(after.head()?.root ?? '', 'shop', 'project.yaml'))).toBe(true);
      await after.close();
    } finally {
      await rename(`${origin}.away`, origin);
    }
  });
});

describe('git sources on an interval', () => {
  it('fetch again on their own and log the new commit', async () => {
    const lines: ServerLogLine[] = [];
    const sources = await openGitSources({
      configs: [parseGitSource(`file://${origin}//apps?ref=main&name=ticking`)],
      kusionHome: join(dir, 'ticking-home'),
      intervalMs: 200,
      gitTimeoutMs: 60_000,
      log: (line) => lines.push(line),
    });
    try {
      expect(sources.list()[0]?.commit).toBe(commits.at(-1));
      const pushed = await commitShop(['db', 'cache', 'queue'], 'shop: a queue');
      await expect.poll(() => sources.list()[0]?.commit, { timeout: 15_000 }).toBe(pushed);
      // …and logged it (once its fetch has returned).
      await expect
        .poll(() => lines.some((line) => line.level === 'info' && line.commit === pushed))
        .toBe(true);
    } finally {
      await sources.close();
    }
  });
});

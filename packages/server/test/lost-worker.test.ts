/**
 * A worker killed mid-run (kill -9), for real: PostgreSQL from the test peers as both the state
 * backend and the run queue, an API server and workers as `kusion serve` processes serving a
 * project from a git source (each process clones it; the second worker adopts the dead one's
 * clone). The killed
 * worker's run ends `failed`, its reason naming the worker (pg-boss's heartbeat supervision and
 * its dead-letter queue); a second worker then runs the same workspace again: it takes the dead
 * worker's lock over, closes the interrupted release, and succeeds.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWorkspace } from '@kusion/core';
import { startPostgres } from '@kusion/test-peers';
import type { PostgresPeer } from '@kusion/test-peers';
import { createRecordingIoHost } from '@kusion/testkit';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTokenStore } from '../src/index.js';
import type { RunEvent, RunRecord } from '../src/index.js';
import { writePostgresHome } from './support/postgres-home.js';
import { CLI_BIN, readEvents } from './support/scratch-server.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../.artifacts');

let postgres: PostgresPeer;
let dir: string;
let home: string;
let token: string;
let url: string;
/** The project, pushed to a bare repository every process clones (`--git-source`). */
let source: string;
let commit: string;
let apiPid: number | undefined;
const processes: { child: ChildProcess; output: { text: string } }[] = [];

/** `kusion serve …` as a process; answers once its start-up document is on stdout. */
async function serve(
  args: readonly string[],
): Promise<{ child: ChildProcess; document: Record<string, unknown> }> {
  const child = spawn(
    process.execPath,
    [CLI_BIN, 'serve', '--json', '--git-source', source, ...args],
    {
      env: {
        ...process.env,
        KUSION_HOME: home,
        KUSION_QUEUE_URL: postgres.connectionString,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { text: '' };
  let stdout = '';
  processes.push({ child, output });
  child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  const document = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve(JSON.parse(stdout) as Record<string, unknown>);
      } catch {
        // Not whole yet.
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`kusion serve ${args.join(' ')} exited ${String(code)}: ${output.text}`));
    });
  });
  return { child, document };
}

async function request<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: still waiting after ${String(timeoutMs)} ms\n${processes.map((p) => p.output.text).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const finished = (run: RunRecord): RunRecord | undefined =>
  ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;

beforeAll(async () => {
  postgres = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'kusion-lost-'));
  home = join(dir, '.home');
  await mkdir(join(dir, 'dev'), { recursive: true });
  await writePostgresHome(home, postgres.connectionString);
  await writeFile(join(dir, 'project.yaml'), 'name: shop\n');
  await writeFile(join(dir, 'dev', 'stack.yaml'), 'name: dev\n');
  // A chain of three: each apply takes 2 s, so a deploy lasts about 6 s — time to kill it.
  await writeFile(
    join(dir, 'dev', 'main.yaml'),
    stringify({
      resources: [
        { id: 'test:db', type: 'Test', attributes: { size: 'small' } },
        { id: 'test:api', type: 'Test', attributes: { db: '$kusion_path.test:db.uid' } },
        { id: 'test:web', type: 'Test', attributes: { api: '$kusion_path.test:api.uid' } },
      ],
    }),
  );
  await writeFile(join(dir, '.gitignore'), '.home/\n.cloud/\n.origin.git/\n');
  await simpleGit().init(true, [join(dir, '.origin.git')]);
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Test');
  await git.addConfig('user.email', 'test@example.com');
  await git.add('.');
  await git.commit('shop');
  await git.push(join(dir, '.origin.git'), 'HEAD:main');
  commit = (await git.revparse(['HEAD'])).trim();
  source = `file://${join(dir, '.origin.git')}?ref=main&name=shop`;
  const workspaceFile = join(dir, 'dev.yaml');
  await writeFile(
    workspaceFile,
    stringify({
      providers: {
        test: { package: '@kusion/testkit', dir: join(dir, '.cloud'), latencyMs: 2000 },
      },
    }),
  );
  await createWorkspace({
    io: createRecordingIoHost(),
    kusionHome: home,
    name: 'dev',
    file: workspaceFile,
  });
  token = (await createTokenStore(home).create({ role: 'deployer', name: 'ci' })).token;
  // The API server queues runs with a 10 s heartbeat (pg-boss's minimum): a silent worker is lost
  // within about 15 s.
  const api = await serve(['--port', '0', '--heartbeat', '10s']);
  url = api.document.url as string;
  apiPid = api.child.pid;
}, 120_000);

afterAll(async () => {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('a worker killed mid-run', () => {
  it('fails its run naming the worker, and the next run of the workspace takes the lock over and succeeds', async () => {
    const first = await serve(['--worker']);
    const deploy = { kind: 'deploy', project: 'shop', stack: 'dev', workspace: 'dev' };
    const run = await request<RunRecord>('/api/runs', deploy);

    // Mid-run: the worker has started applying (it holds the workspace's lock).
    await until('the first resource to start', 30_000, async () => {
      const { events } = await eventsOf(run.id);
      return events.some((event) => event.code === 'RESOURCE_START') ? true : undefined;
    });
    const running = await request<RunRecord>(`/api/runs/${run.id}`);
    expect(running.status).toBe('running');
    expect(running.worker).toMatch(new RegExp(`:${String(first.child.pid)}$`));
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => first.child.once('exit', resolve));

    // Another worker joins; pg-boss declares the silent worker's job lost; its run is failed.
    const second = await serve(['--worker']);
    const lost = await until('the killed run to end', 60_000, async () =>
      finished(await request<RunRecord>(`/api/runs/${run.id}`)),
    );
    const detectedMs = Date.now() - killedAt;
    expect(lost.status).toBe('failed');
    expect(lost.error?.code).toBe('WORKER_LOST');
    expect(lost.error?.message).toContain(
      `worker ${running.worker ?? '?'} stopped while executing this run`,
    );
    expect(lost.error?.message).toContain('job heartbeat timeout');
    expect(lost.error?.hint).toContain('start the run again');
    const { events: lostLog } = await logOf(run.id);
    expect(lostLog.at(-1)).toMatchObject({ code: 'WORKER_LOST', level: 'error' });

    // The same workspace again: the dead worker's lock is taken over, the run succeeds.
    const again = await request<RunRecord>('/api/runs', deploy);
    const done = await until('the second run to end', 90_000, async () =>
      finished(await request<RunRecord>(`/api/runs/${again.id}`)),
    );
    expect(`${done.status} ${JSON.stringify(done.error ?? '')}`).toBe('succeeded ""');
    expect(done.worker).toMatch(new RegExp(`:${String(second.child.pid)}$`));
    // Both ran from the commit the API server recorded, checked out by each worker's own clone;
    // the second worker adopted the dead one's instead of cloning again.
    expect([run.source?.commit, done.source?.commit]).toEqual([commit, commit]);
    const sources = join(home, 'server', 'sources');
    const [cache] = await readdir(sources);
    const clones = (await readdir(join(sources, cache ?? '?'))).map((name) =>
      name.split('-').at(-1),
    );
    expect(clones.sort()).toEqual([String(apiPid), String(second.child.pid)].sort());
    const { events } = await logOf(again.id);
    expect(events.map((event) => event.code)).toContain('LOCK_TAKEN_OVER');
    // The backend's record: the killed deploy's release closed as failed, then the new one.
    const { releases } = await request<{ releases: { revision: number; phase: string }[] }>(
      '/api/workspaces/dev/projects/shop/stacks/dev/releases',
    );
    expect(releases.map((release) => [release.revision, release.phase]).sort()).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    // From the kill to the run marked failed: heartbeat (10 s) + supervision (≤ 5 s) + polling.
    expect(detectedMs).toBeLessThan(30_000);
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, 'lost-worker.json'), JSON.stringify({ detectedMs }, null, 2));
  }, 200_000);
});

/** The whole log of a finished run: its event stream, read to its end. */
async function logOf(id: string): Promise<{ events: RunEvent[] }> {
  const { events } = await readEvents(`${url}/api/runs/${id}/events`, token);
  return {
    events: events.filter((event) => event.event === 'log').map((event) => event.data as RunEvent),
  };
}

/** The log so far of a run that goes on: what its stream sends within 1.5 s. */
async function eventsOf(id: string): Promise<{ events: RunEvent[] }> {
  let raw = '';
  try {
    const response = await fetch(`${url}/api/runs/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(1500),
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body ?? [])
      raw += decoder.decode(chunk as Uint8Array, { stream: true });
  } catch {
    // The timeout cut a stream that goes on (or a slow answer): what arrived is the log so far.
  }
  const events = raw
    .split('\n\n')
    .filter((block) => block.includes('event: log'))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as RunEvent);
  return { events };
}

/**
 * Scale-out on a shared PostgreSQL: the state backend (@kusion/backend-postgres) and the run
 * queue (pg-boss) in one database, one API server, two `kusion serve --worker` processes. 20 runs
 * over 5 workspaces (4 stacks of one project in each: every run a first deploy, so every run
 * records a release whatever order the workers take them in) all finish, both workers take some,
 * and — read back from the releases the backend stamped — no workspace ever had two runs
 * applying at once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWorkspace } from '@kusion/core';
import { startPostgres } from '@kusion/test-peers';
import type { PostgresPeer } from '@kusion/test-peers';
import { createRecordingIoHost } from '@kusion/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTokenStore, startServer } from '../src/index.js';
import type { RunningServer, RunRecord } from '../src/index.js';
import { writePostgresHome } from './support/postgres-home.js';
import { CLI_BIN } from './support/scratch-server.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../.artifacts');
const WORKSPACES = ['ws1', 'ws2', 'ws3', 'ws4', 'ws5'];
const STACKS = ['a', 'b', 'c', 'd'];

let postgres: PostgresPeer;
let dir: string;
let home: string;
let server: RunningServer;
const workers: ChildProcess[] = [];
const workerLogs: { text: string }[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'kusion-scale-'));
  home = join(dir, '.home');
  await writePostgresHome(home, postgres.connectionString);
  await writeFile(join(dir, 'project.yaml'), 'name: fleet\n');
  for (const stack of STACKS) {
    await mkdir(join(dir, stack), { recursive: true });
    await writeFile(join(dir, stack, 'stack.yaml'), `name: ${stack}\n`);
    await writeFile(
      join(dir, stack, 'main.yaml'),
      stringify({
        resources: [
          { id: `test:${stack}-db`, type: 'Test', attributes: { size: 'small' } },
          {
            id: `test:${stack}-app`,
            type: 'Test',
            attributes: { db: `$kusion_path.test:${stack}-db.uid` },
          },
        ],
      }),
    );
  }
  for (const workspace of WORKSPACES) {
    const file = join(dir, `${workspace}.yaml`);
    await writeFile(
      file,
      stringify({
        providers: {
          test: {
            package: '@kusion/testkit',
            dir: join(dir, `.cloud-${workspace}`),
            latencyMs: 150,
          },
        },
      }),
    );
    await createWorkspace({ io: createRecordingIoHost(), kusionHome: home, name: workspace, file });
  }
  server = await startServer({
    projectDirs: [dir],
    port: 0,
    kusionHome: home,
    queueUrl: postgres.connectionString,
  });
  for (let i = 0; i < 2; i++) {
    const child = spawn(
      process.execPath,
      [CLI_BIN, 'serve', '--worker', '--json', '--max-runs', '3', '--project-dir', dir],
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
    const log = { text: '' };
    workerLogs.push(log);
    child.stdout.on('data', (chunk: Buffer) => (log.text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log.text += chunk.toString()));
    workers.push(child);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(
    workers.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) {
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
  await server.close();
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('API server and workers on a shared PostgreSQL', () => {
  it('finishes 20 runs over 5 workspaces on both workers, one run applying per workspace', async () => {
    const { token } = await createTokenStore(home).create({ role: 'deployer', name: 'fleet-ci' });
    const request = async (path: string, body?: unknown): Promise<unknown> => {
      const response = await fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.status, path).toBeLessThan(300);
      return response.json();
    };
    const started = Date.now();
    const ids: string[] = [];
    for (const stack of STACKS) {
      for (const workspace of WORKSPACES) {
        const run = (await request('/api/runs', {
          kind: 'deploy',
          project: 'fleet',
          stack,
          workspace,
        })) as RunRecord;
        ids.push(run.id);
      }
    }
    expect(ids).toHaveLength(20);

    const deadline = Date.now() + 150_000;
    let runs: RunRecord[] = [];
    for (;;) {
      runs = await Promise.all(
        ids.map(async (id) => (await request(`/api/runs/${id}`)) as RunRecord),
      );
      if (runs.every((run) => ['succeeded', 'failed', 'cancelled'].includes(run.status))) break;
      if (Date.now() > deadline)
        throw new Error(
          `runs still going: ${JSON.stringify(runs.map((r) => r.status))}\n${workerLogs.map((log) => log.text).join('\n')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(runs.map((run) => `${run.status} ${JSON.stringify(run.error ?? '')}`)).toEqual(
      runs.map(() => 'succeeded ""'),
    );
    const byWorker = new Map<string, number>();
    for (const run of runs)
      byWorker.set(run.worker ?? '?', (byWorker.get(run.worker ?? '?') ?? 0) + 1);
    // A worker is named host:pid: the two runs' workers are the two processes started here.
    expect([...byWorker.keys()].map((name) => name.split(':').at(-1)).sort()).toEqual(
      workers.map((child) => String(child.pid)).sort(),
    );
    // What happened, kept as a test artifact (outside git) for whoever wants the figures.
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(
      join(ARTIFACTS, 'scale-out.json'),
      JSON.stringify(
        { runsByWorker: Object.fromEntries(byWorker), durationMs: Date.now() - started },
        null,
        2,
      ),
    );
    expect(byWorker.size).toBe(2);
    for (const count of byWorker.values()) expect(count).toBeGreaterThan(0);

    // The backend's own record: per workspace, the releases of its four stacks never overlap.
    for (const workspace of WORKSPACES) {
      const intervals: { stack: string; from: number; to: number }[] = [];
      for (const stack of STACKS) {
        const { releases } = (await request(
          `/api/workspaces/${workspace}/projects/fleet/stacks/${stack}/releases`,
        )) as {
          releases: { createdAt: string; modifiedAt: string; phase: string; user: string }[];
        };
        expect(releases).toHaveLength(1);
        expect(releases[0]).toMatchObject({ phase: 'succeeded', user: 'fleet-ci' });
        intervals.push({
          stack,
          from: Date.parse(releases[0]!.createdAt),
          to: Date.parse(releases[0]!.modifiedAt),
        });
      }
      intervals.sort((a, b) => a.from - b.from);
      for (let i = 1; i < intervals.length; i++) {
        expect(
          intervals[i]!.from,
          `${workspace}: ${intervals[i]!.stack} started before ${intervals[i - 1]!.stack} ended`,
        ).toBeGreaterThanOrEqual(intervals[i - 1]!.to);
      }
    }
  }, 200_000);
});

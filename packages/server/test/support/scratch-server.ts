/**
 * A user's project in a temporary folder (resources of the testkit provider, loaded by package
 * name as the CLI loads it), a KUSION_HOME with workspaces, tokens of each role, and a real
 * server on a free loopback port. Every log line the server writes is kept, for secret scans.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createWorkspace } from '@kusion/core';
import { createRecordingIoHost } from '@kusion/testkit';
import { stringify } from 'yaml';
import { simpleGit } from 'simple-git';
import { createTokenStore, parseGitSource, startServer } from '../../src/index.js';
import type { RunningServer, ServerLogLine, ServerOptions } from '../../src/index.js';

/** A value that must never leave the server. */
export const SECRET = 'Sr3t-serve-9d41c7e0';

export const CLI_BIN = resolve(import.meta.dirname, '../../../cli/bin/run.js');

export interface ScratchServer {
  readonly dir: string;
  readonly stackDir: string;
  readonly home: string;
  readonly server: RunningServer;
  readonly tokens: { viewer: string; deployer: string; admin: string; devOnly: string };
  readonly logLines: ServerLogLine[];
  /** With `fromGit`: the commit served. */
  readonly commit?: string;
  /** Every response body read through `api`, for secret scans. */
  readonly bodies: string[];
  api(
    path: string,
    init?: { method?: string; token?: string; body?: unknown },
    // Answers are JSON documents the tests assert on field by field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; json: any; text: string }>;
  /** A run's server-sent events to the end (kept in `bodies` too, for secret scans). */
  events(runId: string, token: string): ReturnType<typeof readEvents>;
  /** Runs the CLI on the same project and backend. */
  cli(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export interface ScratchOptions {
  /** Simulated latency of every apply, so a run lasts long enough to race. */
  readonly latencyMs?: number;
  readonly workspaces?: readonly string[];
  readonly server?: Partial<ServerOptions>;
  /**
   * Serve the project from a git source instead of the folder: the scratch folder is committed
   * and pushed to a bare repository beside it, which the server clones (`commit` is that commit).
   */
  readonly fromGit?: boolean;
}

export async function startScratchServer(options: ScratchOptions = {}): Promise<ScratchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-serve-'));
  const home = join(dir, '.home');
  const stackDir = join(dir, 'shop', 'dev');
  await mkdir(stackDir, { recursive: true });
  await writeFile(
    join(dir, 'shop', 'project.yaml'),
    'name: shop\ndescription: a scratch project\n',
  );
  await writeFile(join(stackDir, 'stack.yaml'), 'name: dev\n');
  await writeFile(
    join(stackDir, 'main.yaml'),
    stringify({
      resources: [
        {
          id: 'test:database',
          type: 'Test',
          attributes: { engine: 'postgres', password: SECRET },
          extensions: { sensitivePaths: ['password'] },
        },
        {
          id: 'test:app',
          type: 'Test',
          attributes: { image: 'nginx:1.27', databaseId: '$kusion_path.test:database.engine' },
        },
        { id: 'test:cache', type: 'Test', attributes: { size: 'small' } },
      ],
    }),
  );
  const workspaces = options.workspaces ?? ['dev', 'prod'];
  for (const name of workspaces) {
    const file = join(dir, `${name}.yaml`);
    await writeFile(
      file,
      stringify({
        providers: {
          test: {
            package: '@kusion/testkit',
            dir: join(dir, `.cloud-${name}`),
            latencyMs: options.latencyMs ?? 0,
          },
        },
      }),
    );
    await createWorkspace({ io: createRecordingIoHost(), kusionHome: home, name, file });
  }
  const store = createTokenStore(home);
  const token = async (role: 'viewer' | 'deployer' | 'admin', name: string, ws?: string[]) =>
    (await store.create({ role, name, workspaces: ws })).token;
  const tokens = {
    viewer: await token('viewer', 'vera-viewer'),
    deployer: await token('deployer', 'dana-deployer'),
    admin: await token('admin', 'ada-admin'),
    devOnly: await token('deployer', 'dev-only', ['dev']),
  };
  const logLines: ServerLogLine[] = [];
  const commit = options.fromGit ? await pushToGit(dir) : undefined;
  const server = await startServer({
    projectDirs: commit ? [] : [dir],
    gitSources: commit
      ? [parseGitSource(`file://${join(dir, '.origin.git')}?ref=main&name=scratch`)]
      : [],
    port: 0,
    kusionHome: home,
    maxRuns: 2,
    log: (line) => logLines.push(line),
    ...options.server,
  });
  const bodies: string[] = [];
  return {
    dir,
    stackDir,
    home,
    server,
    tokens,
    logLines,
    ...(commit ? { commit } : {}),
    bodies,
    async api(path, init = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      bodies.push(text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    },
    async events(runId, token) {
      const read = await readEvents(`${server.url}/api/runs/${runId}/events`, token);
      bodies.push(read.raw);
      return read;
    },
    async cli(args) {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI_BIN, ...args], {
          cwd: stackDir,
          env: { ...process.env, KUSION_HOME: home, NO_COLOR: '1' },
        });
        return { exitCode: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return {
          exitCode: failed.code ?? -1,
          stdout: failed.stdout ?? '',
          stderr: failed.stderr ?? '',
        };
      }
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Commits the scratch project (not its backend or clouds) to a bare repository beside it. */
async function pushToGit(dir: string): Promise<string> {
  await writeFile(join(dir, '.gitignore'), '.home/\n.cloud-*/\n.origin.git/\n');
  await simpleGit().init(true, [join(dir, '.origin.git')]);
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 'Scratch');
  await git.addConfig('user.email', 'scratch@example.com');
  await git.add('.');
  await git.commit('the scratch project');
  await git.push(join(dir, '.origin.git'), 'HEAD:main');
  return (await git.revparse(['HEAD'])).trim();
}

/** Reads a run's server-sent events to the end: every `log` event and the final `end` record. */
export async function readEvents(
  url: string,
  token: string,
  // Each event's data is a JSON document the tests assert on field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ events: { event: string; id?: string; data: any }[]; raw: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`events: HTTP ${String(response.status)}`);
  const decoder = new TextDecoder();
  let raw = '';
  for await (const chunk of response.body)
    raw += decoder.decode(chunk as Uint8Array, { stream: true });
  const events = raw
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const id = field('id');
      return {
        event: field('event') ?? 'message',
        ...(id ? { id } : {}),
        data: JSON.parse(field('data') ?? 'null'),
      };
    });
  return { events, raw };
}

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { answers, httpRequest } from './http.ts';
import { findOnPath, isExecutable } from './paths.ts';
import { startProcessPeer } from './process-peer.ts';

export interface MotoOptions {
  /** Directory for the log. Default: a new temporary directory, removed by `stop()`. */
  readonly dir?: string;
  /**
   * Let the server outlive this Node process, in its own session, once it is ready (the CLI's
   * `start`). Default false: it is killed when this Node process ends.
   */
  readonly detached?: boolean;
}

export interface MotoPeer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** The pid of the moto server process itself. */
  readonly pid: number;
  readonly startTime?: string;
  readonly dir: string;
  /**
   * What an AWS SDK or the aws CLI needs to talk to this server: `AWS_ENDPOINT_URL`, static test
   * credentials, `AWS_REGION` and `AWS_DEFAULT_REGION` (the aws CLI v1 reads only the latter).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Wipes all state (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Stops the server. Idempotent. */
  stop(): Promise<void>;
}

/** Starts `moto_server` on a free loopback port (it picks the port itself) and resolves once it answers. */
export async function startMoto(options: MotoOptions = {}): Promise<MotoPeer> {
  const command = await resolveMotoServer();
  const isOwnDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kusion-moto-')));
  await mkdir(dir, { recursive: true });
  const logFile = join(dir, 'moto.log');

  let port: number | undefined;
  const server = await startProcessPeer({
    name: 'moto',
    command,
    // Port 0: the server binds a free port itself and prints " * Running on http://127.0.0.1:PORT".
    args: ['-H', '127.0.0.1', '-p', '0'],
    logFile,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    isReady: async () => {
      port ??= parseListeningPort(await readFile(logFile, 'utf8'));
      return (
        port !== undefined &&
        (await answers(`http://127.0.0.1:${port}/`, { isExpected: () => true }))
      );
    },
    readyTimeoutMs: 30_000,
    detached: options.detached ?? false,
  });
  if (port === undefined) throw new Error('moto: ready without a port'); // unreachable: isReady needs it
  if (options.detached === true) server.release();

  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    pid: server.pid,
    ...(server.startTime === undefined ? {} : { startTime: server.startTime }),
    dir,
    env: motoEnv(endpoint),
    reset: async () => {
      const response = await httpRequest(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (response.status !== 200)
        throw new Error(`moto reset answered HTTP ${response.status}: ${response.body}`);
    },
    stop: async () => {
      await server.stop();
      if (isOwnDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The environment for AWS clients pointed at a moto endpoint. */
export function motoEnv(endpoint: string): Readonly<Record<string, string>> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

function parseListeningPort(log: string): number | undefined {
  const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

let resolvingMotoServer: Promise<string> | undefined;

/**
 * The `moto_server` to execute. A pyenv shim (`~/.pyenv/shims/moto_server`) is a bash script that
 * execs `pyenv exec`, which execs the real entry point: the pid would still be the server's, but
 * resolving the real script skips two bash start-ups and any wrapper behaviour. The real script's
 * `#!…/python` shebang makes the kernel exec Python in place, so our child's pid is the server's.
 */
function resolveMotoServer(): Promise<string> {
  resolvingMotoServer ??= (async () => {
    const found = findOnPath('moto_server');
    if (found === undefined) {
      throw new Error('moto_server is not on PATH (pip install "moto[server]")');
    }
    if (!(await isPyenvShim(found))) return found;
    const pyenvRoot = dirname(dirname(found));
    const pyenv = [join(pyenvRoot, 'bin', 'pyenv'), join(pyenvRoot, 'libexec', 'pyenv')].find(
      isExecutable,
    );
    if (pyenv === undefined) return found;
    try {
      const { stdout } = await promisify(execFile)(pyenv, ['which', 'moto_server'], {
        env: { ...process.env, PYENV_ROOT: pyenvRoot },
      });
      const real = stdout.trim();
      return isExecutable(real) ? real : found;
    } catch {
      return found;
    }
  })();
  return resolvingMotoServer;
}

async function isPyenvShim(path: string): Promise<boolean> {
  if (basename(dirname(path)) !== 'shims') return false;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').includes('pyenv');
  } finally {
    await handle.close();
  }
}

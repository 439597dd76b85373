import { execFile } from 'node:child_process';
import { chown, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getFreePort } from './free-port.ts';
import { findOnPath, isExecutable } from './paths.ts';
import { startProcessPeer } from './process-peer.ts';

export interface PostgresOptions {
  /** Directory for the cluster and the log. Default: a new temporary directory, removed by `stop()`. */
  readonly dir?: string;
  /** Let the server outlive this Node process once it is ready (the CLI's `start`). */
  readonly detached?: boolean;
}

export interface PostgresPeer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The superuser, with trust authentication on loopback. */
  readonly user: string;
  readonly database: 'postgres';
  /** `postgres://user@127.0.0.1:PORT/postgres` */
  readonly connectionString: string;
  /** The pid of the postgres server itself. */
  readonly pid: number;
  readonly startTime?: string;
  readonly dir: string;
  /** PGHOST, PGPORT, PGUSER, PGDATABASE for psql and `pg`. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops the server (SIGTERM: a fast shutdown). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL cluster (Debian's `postgresql-15`: `initdb`, then the `postgres`
 * server itself, so the pid recorded is the server's) on a free loopback port, with fsync off.
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresPeer> {
  const binaries = await findPostgresBinaries();
  const isOwnDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kusion-postgres-')));
  await mkdir(dir, { recursive: true });
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? await systemUser('postgres') : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const user = owner ? 'postgres' : (process.env['USER'] ?? 'postgres');
  await promisify(execFile)(
    binaries.initdb,
    ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { ...as, cwd: dir },
  );
  const port = await getFreePort();
  const logFile = join(dir, 'postgres.log');
  const server = await startProcessPeer({
    name: 'postgres',
    command: binaries.postgres,
    args: [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    logFile,
    cwd: dir,
    ...as,
    isReady: async () =>
      (await readFile(logFile, 'utf8')).includes('ready to accept connections') &&
      (await accepts(port)),
    readyTimeoutMs: 30_000,
    detached: options.detached ?? false,
  });
  if (options.detached === true) server.release();
  const connectionString = `postgres://${user}@127.0.0.1:${port}/postgres`;
  return {
    host: '127.0.0.1',
    port,
    user,
    database: 'postgres',
    connectionString,
    pid: server.pid,
    ...(server.startTime === undefined ? {} : { startTime: server.startTime }),
    dir,
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user, PGDATABASE: 'postgres' },
    stop: async () => {
      await server.stop();
      if (isOwnDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `initdb` and `postgres`: Debian's newest /usr/lib/postgresql/<n>/bin, else PATH. */
async function findPostgresBinaries(): Promise<{ initdb: string; postgres: string }> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const bin = join('/usr/lib/postgresql', version, 'bin');
    if (isExecutable(join(bin, 'initdb')) && isExecutable(join(bin, 'postgres')))
      return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
  }
  const initdb = findOnPath('initdb');
  const postgres = findOnPath('postgres');
  if (initdb && postgres) return { initdb, postgres };
  throw new Error(
    'PostgreSQL is not installed: apt-get install postgresql-15 (tools/setup/install-test-deps.sh does)',
  );
}

async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === name);
  if (!fields) throw new Error(`there is no "${name}" user to run PostgreSQL as (it refuses root)`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });
}

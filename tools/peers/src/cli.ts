/**
 * Start and stop test peers from a shell (humans, CI steps):
 *
 *   node tools/peers/src/cli.ts start kube-apiserver [--controller-manager] [--state-dir DIR]
 *   node tools/peers/src/cli.ts start moto [--state-dir DIR]
 *   node tools/peers/src/cli.ts start azurite [--state-dir DIR]
 *   node tools/peers/src/cli.ts start postgres [--state-dir DIR]
 *   node tools/peers/src/cli.ts env [kube-apiserver|moto|azurite|postgres] [--state-dir DIR]   # `export …` lines for eval
 *   node tools/peers/src/cli.ts stop [kube-apiserver|moto|azurite|postgres] [--state-dir DIR]
 *
 * `start` leaves the processes running in their own session, records their pids in
 * DIR/state.json and prints one JSON line. `stop` stops exactly the recorded pids. DIR defaults to
 * `.kusion/peers/<peer>` under the current directory.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startKubeApiserver } from './kube-apiserver.ts';
import { startAzurite } from './azurite.ts';
import { startMoto } from './moto.ts';
import { startPostgres } from './postgres.ts';
import { isProcessAlive, stopProcess, type PeerProcess } from './process-peer.ts';

const PEER_KINDS = ['kube-apiserver', 'moto', 'azurite', 'postgres'] as const;
type PeerKind = (typeof PEER_KINDS)[number];

type PeerState =
  | {
      readonly peer: 'kube-apiserver';
      readonly stateDir: string;
      readonly kubeconfig: string;
      readonly server: string;
      readonly processes: readonly PeerProcess[];
    }
  | {
      readonly peer: 'moto' | 'azurite' | 'postgres';
      readonly stateDir: string;
      readonly endpoint: string;
      readonly env: Readonly<Record<string, string>>;
      readonly processes: readonly PeerProcess[];
    };

const USAGE = `usage:
  cli.ts start kube-apiserver [--controller-manager] [--state-dir DIR]
  cli.ts start moto [--state-dir DIR]
  cli.ts start azurite [--state-dir DIR]
  cli.ts start postgres [--state-dir DIR]
  cli.ts env [kube-apiserver|moto|azurite|postgres] [--state-dir DIR]
  cli.ts stop [kube-apiserver|moto|azurite|postgres] [--state-dir DIR]
DIR defaults to .kusion/peers/<peer>.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, kindArgument] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const kind = parseKind(kindArgument);
  const explicitDir = values['state-dir'];
  if (explicitDir === undefined && kind === undefined)
    throw new UsageError('give a peer or --state-dir');
  const stateDir = resolve(explicitDir ?? join('.kusion', 'peers', kind ?? ''));

  switch (command) {
    case 'start': {
      if (kind === undefined) throw new UsageError(`start needs a peer: ${PEER_KINDS.join(' | ')}`);
      const state = await start(kind, stateDir, values['controller-manager']);
      console.log(JSON.stringify(state));
      return 0;
    }
    case 'stop': {
      const state = await readState(stateDir);
      if (state === undefined) {
        console.error(`test-peers: nothing recorded in ${stateDir}; nothing to stop`);
        return 0;
      }
      // Reverse start order: the controller-manager and apiserver before etcd.
      for (const recorded of [...state.processes].reverse()) await stopProcess(recorded);
      await rm(join(stateDir, 'state.json'), { force: true });
      console.log(
        JSON.stringify({
          stopped: state.peer,
          stateDir,
          pids: state.processes.map(({ pid }) => pid),
        }),
      );
      return 0;
    }
    case 'env': {
      const state = await readState(stateDir);
      if (state === undefined)
        throw new UsageError(`nothing recorded in ${stateDir}; start it first`);
      const env = state.peer === 'kube-apiserver' ? { KUBECONFIG: state.kubeconfig } : state.env;
      for (const [name, value] of Object.entries(env))
        console.log(`export ${name}=${shellQuote(value)}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'state-dir': { type: 'string' },
        'controller-manager': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function start(
  kind: PeerKind,
  stateDir: string,
  withControllerManager: boolean,
): Promise<PeerState> {
  const previous = await readState(stateDir);
  if (previous?.processes.some((recorded) => isProcessAlive(recorded)) === true) {
    throw new UsageError(`${previous.peer} is already running from ${stateDir}; stop it first`);
  }
  switch (kind) {
    case 'kube-apiserver': {
      const peer = await startKubeApiserver({
        withControllerManager,
        dir: stateDir,
        detached: true,
      });
      const state: PeerState = {
        peer: kind,
        stateDir,
        kubeconfig: peer.kubeconfigPath,
        server: peer.server,
        processes: peer.processes,
      };
      await writeState(stateDir, state);
      return state;
    }
    case 'moto': {
      const peer = await startMoto({ dir: stateDir, detached: true });
      const state: PeerState = {
        peer: kind,
        stateDir,
        endpoint: peer.endpoint,
        env: peer.env,
        processes: [
          {
            name: 'moto',
            pid: peer.pid,
            ...(peer.startTime === undefined ? {} : { startTime: peer.startTime }),
          },
        ],
      };
      await writeState(stateDir, state);
      return state;
    }
    case 'azurite': {
      const peer = await startAzurite({ dir: stateDir, detached: true });
      const state: PeerState = {
        peer: kind,
        stateDir,
        endpoint: peer.blobEndpoint,
        env: { AZURE_STORAGE_CONNECTION_STRING: peer.connectionString },
        processes: [
          {
            name: 'azurite',
            pid: peer.pid,
            ...(peer.startTime === undefined ? {} : { startTime: peer.startTime }),
          },
        ],
      };
      await writeState(stateDir, state);
      return state;
    }
    case 'postgres': {
      const peer = await startPostgres({ dir: stateDir, detached: true });
      const state: PeerState = {
        peer: kind,
        stateDir,
        endpoint: peer.connectionString,
        env: peer.env,
        processes: [
          {
            name: 'postgres',
            pid: peer.pid,
            ...(peer.startTime === undefined ? {} : { startTime: peer.startTime }),
          },
        ],
      };
      await writeState(stateDir, state);
      return state;
    }
  }
}

async function readState(stateDir: string): Promise<PeerState | undefined> {
  const file = join(stateDir, 'state.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as PeerState;
}

async function writeState(stateDir: string, state: PeerState): Promise<void> {
  await writeFile(join(stateDir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

function parseKind(value: string | undefined): PeerKind | undefined {
  if (value === undefined) return undefined;
  const kind = PEER_KINDS.find((candidate) => candidate === value);
  if (kind === undefined) throw new UsageError(`unknown peer ${value}: ${PEER_KINDS.join(' | ')}`);
  return kind;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

class UsageError extends Error {}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`test-peers: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(
      `test-peers: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
}

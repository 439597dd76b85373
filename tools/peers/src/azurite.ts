/**
 * Azurite, Microsoft's Azure Storage emulator (npm `azurite`), serving Blob storage on a free
 * loopback port with state in memory. Started as `node …/azurite/dist/src/blob/main.js`, so the
 * recorded pid is the server's own; telemetry off; the well-known development account.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort } from './free-port.ts';
import { answers } from './http.ts';
import { startProcessPeer } from './process-peer.ts';

export interface AzuriteOptions {
  /** Directory for the log. Default: a new temporary directory, removed by `stop()`. */
  readonly dir?: string;
  /** Let the server outlive this Node process once it is ready (the CLI's `start`). */
  readonly detached?: boolean;
}

/** Azurite's built-in account: documented by Microsoft, not a secret. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuritePeer {
  /** `http://127.0.0.1:PORT/devstoreaccount1`: the account's blob endpoint. */
  readonly blobEndpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly startTime?: string;
  readonly dir: string;
  /** A connection string for `@azure/storage-blob` (`BlobServiceClient.fromConnectionString`). */
  readonly connectionString: string;
  readonly accountName: string;
  readonly accountKey: string;
  stop(): Promise<void>;
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuritePeer> {
  const isOwnDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kusion-azurite-')));
  await mkdir(dir, { recursive: true });
  const port = await getFreePort();
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const server = await startProcessPeer({
    name: 'azurite',
    command: process.execPath,
    args: [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
    ],
    logFile: join(dir, 'azurite.log'),
    // Any answer means it listens (an anonymous request is refused with 4xx).
    isReady: () =>
      answers(`http://127.0.0.1:${port}/${AZURITE_ACCOUNT}?comp=list`, { isExpected: () => true }),
    readyTimeoutMs: 30_000,
    detached: options.detached ?? false,
  });
  if (options.detached === true) server.release();
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    port,
    pid: server.pid,
    ...(server.startTime === undefined ? {} : { startTime: server.startTime }),
    dir,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_ACCOUNT_KEY,
    stop: async () => {
      await server.stop();
      if (isOwnDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

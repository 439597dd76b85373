/**
 * The Resource Manager emulator as anyone starts it: its own Node process
 * (`tools/emulators/gcp-resource-manager/main.ts`, what `npm run -s emulator:gcp-resource-manager`
 * runs), its one JSON line read from stdout, controlled over its HTTP control API, stopped by the
 * pid it printed. Clients "outside kusion" use the real Resource Manager clients.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  FoldersClient,
  ProjectsClient,
  TagBindingsClient,
  TagKeysClient,
  TagValuesClient,
} from '@google-cloud/resource-manager';
import * as grpc from '@grpc/grpc-js';
import { PassThroughClient } from 'google-auth-library';

const MAIN = fileURLToPath(
  new URL('../../tools/emulators/gcp-resource-manager/main.ts', import.meta.url),
);

export interface RecordedCall {
  readonly method: string;
  readonly status?: string;
  readonly request: Record<string, unknown>;
}

export interface EmulatorProcess {
  readonly endpoint: string;
  readonly restEndpoint: string;
  readonly pid: number;
  readonly clients: {
    readonly projects: ProjectsClient;
    readonly folders: FoldersClient;
    readonly tagKeys: TagKeysClient;
    readonly tagValues: TagValuesClient;
    readonly tagBindings: TagBindingsClient;
  };
  /** The next `times` calls of `method` (`Projects.UpdateProject`) answer `code`. */
  failCalls(method: string, code: string, times: number): Promise<void>;
  /** Every call the emulator received, in order. */
  requests(): Promise<RecordedCall[]>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [MAIN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => {
      reject(
        new Error(`the emulator exited with ${String(code)} before printing its line\n${stderr}`),
      );
    });
  });
  const started = JSON.parse(line) as {
    endpoint: string;
    restEndpoint: string;
    controlEndpoint: string;
    pid: number;
  };
  const [host = '', port = ''] = started.endpoint.split(':');
  const options = {
    apiEndpoint: host,
    port: Number(port),
    grpc,
    sslCreds: grpc.credentials.createInsecure(),
    authClient: new PassThroughClient(),
  };
  const clients = {
    projects: new ProjectsClient(options),
    folders: new FoldersClient(options),
    tagKeys: new TagKeysClient(options),
    tagValues: new TagValuesClient(options),
    tagBindings: new TagBindingsClient(options),
  };
  const exited = once(child, 'exit');
  return {
    endpoint: started.endpoint,
    restEndpoint: started.restEndpoint,
    pid: started.pid,
    clients,
    async failCalls(method, code, times) {
      const answer = await fetch(`${started.controlEndpoint}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, code, times }),
      });
      if (!answer.ok) throw new Error(`POST /faults answered ${answer.status}`);
    },
    async requests() {
      return (await (await fetch(`${started.controlEndpoint}/requests`)).json()) as RecordedCall[];
    },
    async stop() {
      await Promise.all(Object.values(clients).map((client) => client.close()));
      process.kill(started.pid, 'SIGTERM');
      await exited;
    },
  };
}

/**
 * `npm run -s emulator:azure-arm` as a user starts it: one JSON line on stdout, HTTPS that a
 * client trusts through the printed `caFile` (in-process `ca`, and `NODE_EXTRA_CA_CERTS` in a
 * child process running the SDK), and a clean exit when its pid gets SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isProcessAlive } from '@kusion/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let child: ChildProcess | undefined;
let serverPid: number | undefined;
let scratch: string | undefined;

afterAll(async () => {
  if (serverPid !== undefined && isProcessAlive({ pid: serverPid }))
    process.kill(serverPid, 'SIGKILL');
  child?.kill('SIGKILL');
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

interface Started {
  readonly endpoint: string;
  readonly caFile: string;
  readonly pid: number;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly controlEndpoint: string;
}

describe('npm run emulator:azure-arm', () => {
  it('prints one JSON line, serves HTTPS trusted through caFile and stops on SIGTERM to its pid', async () => {
    const spawned = spawn('npm', ['run', '-s', 'emulator:azure-arm'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    const lines: string[] = [];
    const stderr: string[] = [];
    spawned.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) =>
      spawned.once('exit', (code) => {
        resolve(code);
      }),
    );
    const reader = createInterface({ input: spawned.stdout });
    const firstLine = new Promise<string>((resolve, reject) => {
      reader.on('line', (line) => {
        lines.push(line);
        if (lines.length === 1) resolve(line);
      });
      exited.then((code) => {
        reject(new Error(`exited with ${String(code)} before printing: ${stderr.join('')}`));
      }, reject);
    });
    const started = JSON.parse(await firstLine) as Started;
    serverPid = started.pid;
    expect(started).toEqual({
      endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      caFile: expect.stringMatching(/\.pem$/),
      pid: expect.any(Number),
      subscriptionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      controlEndpoint: `${started.endpoint}/_emulator`,
    });
    expect(started.pid).not.toBe(spawned.pid);

    const emulator = { endpoint: started.endpoint, caPem: await readFile(started.caFile, 'utf8') };
    const metadata = await rawRequest(
      emulator,
      'GET',
      `/${started.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(metadata.status).toBe(200);
    const issued = await rawRequest(emulator, 'POST', `/${started.tenantId}/oauth2/v2.0/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'cli-test',
        client_secret: 'secret',
        scope: 'https://management.azure.com/.default',
      }).toString(),
    });
    expect(issued).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3599 } });
    const token = (issued.body as { access_token: string }).access_token;
    const groups = await rawRequest(
      emulator,
      'GET',
      `/subscriptions/${started.subscriptionId}/resourcegroups?api-version=2025-04-01`,
      { token },
    );
    expect(groups).toMatchObject({ status: 200, body: { value: [] } });

    // The SDK in another process, trusting the certificate through NODE_EXTRA_CA_CERTS (appended
    // to whatever bundle the machine already names there).
    scratch = await mkdtemp(join(tmpdir(), 'kusion-arm-cli-test-'));
    const bundle = join(scratch, 'ca-bundle.pem');
    const existing = process.env['NODE_EXTRA_CA_CERTS'];
    const previous = existing === undefined ? '' : await readFile(existing, 'utf8').catch(() => '');
    await writeFile(bundle, `${previous}\n${emulator.caPem}`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL('environment-client.ts', import.meta.url))],
      {
        cwd: root,
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: bundle,
          AZURE_TENANT_ID: started.tenantId,
          AZURE_CLIENT_ID: 'child-process',
          AZURE_CLIENT_SECRET: 'secret',
          AZURE_AUTHORITY_HOST: started.endpoint,
          AZURE_SUBSCRIPTION_ID: started.subscriptionId,
          ARM_ENDPOINT: started.endpoint,
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      id: `/subscriptions/${started.subscriptionId}/resourceGroups/from-child-process`,
    });

    const log = await rawRequest(emulator, 'GET', '/_emulator/requests');
    expect(
      (log.body as { value: { method: string; path: string; status: number }[] }).value.map(
        ({ method, status }) => `${method} ${status}`,
      ),
    ).toEqual(['GET 200', 'POST 200', 'GET 200', 'GET 200', 'POST 200', 'PUT 201']);

    process.kill(started.pid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(isProcessAlive({ pid: started.pid })).toBe(false);
    expect(lines).toHaveLength(1);
    await expect(readFile(started.caFile)).rejects.toThrow(/ENOENT/);
  });
});

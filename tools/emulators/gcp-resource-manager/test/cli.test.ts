/**
 * The emulator as anyone starts it: `npm run -s emulator:gcp-resource-manager` from the repository
 * root prints one JSON line, serves the real client, takes faults over its HTTP control API, and
 * exits cleanly when its own pid gets SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ProjectsClient } from '@google-cloud/resource-manager';
import { status } from '@grpc/grpc-js';
import { isProcessAlive } from '@kusion/test-peers';
import { afterAll, expect, it } from 'vitest';
import type { RecordedRequest } from '../request-log.ts';
import { emulatorClientOptions, named, ORGANIZATION } from './harness.ts';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
let npm: ChildProcess | undefined;
let emulatorPid: number | undefined;

afterAll(() => {
  // Only if the test failed before stopping it.
  if (emulatorPid !== undefined && isProcessAlive({ pid: emulatorPid }))
    process.kill(emulatorPid, 'SIGKILL');
});

interface Started {
  readonly endpoint: string;
  readonly restEndpoint: string;
  readonly controlEndpoint: string;
  readonly pid: number;
}

it('starts from npm, prints one JSON line, serves the client and stops on SIGTERM', async () => {
  npm = spawn('npm', ['run', '-s', 'emulator:gcp-resource-manager'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const lines = createInterface({ input: npm.stdout as NodeJS.ReadableStream });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      stdout.push(line);
      if (stdout.length === 1) resolve(line);
    });
    npm?.once('exit', (code) => {
      reject(new Error(`npm exited with ${String(code)} before printing a line`));
    });
  });
  const exited = once(npm, 'exit');

  const started = JSON.parse(await firstLine) as Started;
  emulatorPid = started.pid;
  expect(started).toEqual({
    endpoint: expect.stringMatching(/^127\.0\.0\.1:[0-9]+$/),
    restEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:[0-9]+$/),
    controlEndpoint: `${started.restEndpoint}/emulator`,
    pid: expect.any(Number),
  });

  const projects = new ProjectsClient(emulatorClientOptions(started.endpoint));
  try {
    const [operation] = await projects.createProject({
      project: { projectId: 'from-the-cli', parent: ORGANIZATION },
    });
    const project = named((await operation.promise())[0]);

    const fault = await fetch(`${started.controlEndpoint}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GetProject', code: 'RESOURCE_EXHAUSTED' }),
    });
    expect(fault.status).toBe(204);
    await expect(projects.getProject({ name: project.name })).rejects.toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
    });
    const [again] = await projects.getProject({ name: project.name });
    expect(again.projectId).toBe('from-the-cli');

    const requests = (await (
      await fetch(`${started.controlEndpoint}/requests`)
    ).json()) as RecordedRequest[];
    expect(requests.map((request) => `${request.method} ${request.status ?? ''}`)).toEqual([
      'Projects.CreateProject OK',
      'Operations.GetOperation OK',
      'Operations.GetOperation OK',
      'Projects.GetProject RESOURCE_EXHAUSTED',
      'Projects.GetProject OK',
    ]);
    const badFault = await fetch(`${started.controlEndpoint}/faults`, {
      method: 'POST',
      body: JSON.stringify({ method: 'GetProject', code: 'NOT_A_CODE' }),
    });
    expect(badFault.status).toBe(400);
  } finally {
    await projects.close();
  }

  process.kill(started.pid, 'SIGTERM');
  const [code] = await exited;
  expect(code).toBe(0);
  expect(isProcessAlive({ pid: started.pid })).toBe(false);
  expect(stdout).toHaveLength(1);
});

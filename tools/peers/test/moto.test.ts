import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, startMoto, type MotoPeer } from '../src/index.ts';
import { run, runOk, seconds } from './helpers.ts';

describe('moto', () => {
  let moto: MotoPeer;
  const aws = (args: readonly string[]): Promise<string> =>
    runOk('aws', ['--endpoint-url', moto.endpoint, '--output', 'json', ...args], {
      env: { ...process.env, ...moto.env },
    });

  beforeAll(async () => {
    const start = performance.now();
    moto = await startMoto();
    console.log(`moto ready in ${seconds(start)} s at ${moto.endpoint}`);
  });

  afterAll(async () => {
    await moto.stop();
  });

  it('exposes the endpoint and the AWS environment', () => {
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    expect(moto.env).toMatchObject({
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    });
  });

  it('has the pid of the server process itself', () => {
    const commandLine = readFileSync(`/proc/${moto.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine[0]).toMatch(/python/);
    expect(commandLine.join(' ')).toMatch(/moto_server -H 127\.0\.0\.1 -p 0/);
  });

  it('creates an S3 bucket through the aws CLI, and reset() wipes it', async () => {
    await aws(['s3api', 'create-bucket', '--bucket', 'kusion-state']);
    expect(JSON.parse(await aws(['s3api', 'list-buckets'])).Buckets).toEqual([
      expect.objectContaining({ Name: 'kusion-state' }),
    ]);
    await moto.reset();
    expect(JSON.parse(await aws(['s3api', 'list-buckets'])).Buckets).toEqual([]);
  });
});

describe('moto stop', () => {
  it('leaves no process behind', async () => {
    const [first, second] = await Promise.all([startMoto(), startMoto()]);
    expect(first.port).not.toBe(second.port);
    const start = performance.now();
    await Promise.all([first.stop(), second.stop()]);
    console.log(`two motos stopped in ${seconds(start)} s`);
    expect(isProcessAlive(first)).toBe(false);
    expect(isProcessAlive(second)).toBe(false);
    const listing = await run('pgrep', ['-f', `moto_server -H 127.0.0.1 -p 0`]);
    const pids = listing.stdout.split('\n').filter(Boolean).map(Number);
    expect(pids).not.toContain(first.pid);
    expect(pids).not.toContain(second.pid);
  });
});

/**
 * A run killed with SIGKILL while journaling: every entry whose append had resolved is in S3, and
 * another process reads them replayed onto the release, then folds them in.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  sampleRelease as release,
  sampleScope as scope,
} from '@kusion/testkit/backend-conformance';
import { BUCKET, PREFIX, useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const moduleUrl = new URL('../src/index.ts', import.meta.url).href;

describe('s3 backend across a killed process', () => {
  it('keeps every acknowledged journal entry of a process killed mid-run', async () => {
    const write = await moto.lock();
    await moto.backend().releases.create(release(1, [], { phase: 'applying' }), write);
    const script = `
      import { createS3Backend, parseS3Settings } from ${JSON.stringify(moduleUrl)};
      const backend = createS3Backend(parseS3Settings(${JSON.stringify({ bucket: BUCKET, prefix: PREFIX, endpoint: moto.peer.endpoint })}));
      const write = ${JSON.stringify(write)};
      const journal = await backend.releases.openJournal(${JSON.stringify(scope)}, 1, write);
      for (let index = 0; ; index++) {
        await journal.append({ op: 'put', resource: { id: 'r' + index, type: 'Test', attributes: {} } });
        process.stdout.write('acked ' + index + '\\n');
      }`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: packageRoot,
        env: { ...process.env, ...moto.peer.env },
      },
    );
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const acknowledged = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const last = [...output.matchAll(/acked (\d+)\n/g)].at(-1);
        if (last && Number(last[1]) >= 40) {
          child.kill('SIGKILL');
          resolve(Number(last[1]));
        }
      });
      child.on('exit', () => {
        reject(new Error(`child exited early: ${errors}`));
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));

    const reader = moto.backend().releases;
    const ids = (await reader.get(scope, 1))!.state.resources.map((resource) => resource.id);
    // Everything acknowledged, in order, and at most the one write in flight beyond it.
    expect(ids.slice(0, acknowledged + 1)).toEqual(
      Array.from({ length: acknowledged + 1 }, (_, index) => `r${index}`),
    );
    expect(ids.length).toBeLessThanOrEqual(acknowledged + 2);
    const latest = (await reader.latest(scope))!;
    await reader.update({ ...latest, phase: 'failed' }, write);
    expect(
      (await moto.backend().releases.get(scope, 1))?.state.resources.map((resource) => resource.id),
    ).toEqual(ids);
  });
});

/**
 * Behaviour across real processes: racing creators in two processes, and a journal writer killed
 * with SIGKILL. Children load the TypeScript sources through tsx, as the engine's CLI would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Release, ReleaseWriteOptions } from '@kusion/sdk';
import { sampleWriter } from '@kusion/testkit/backend-conformance';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalBackend } from './local-backend.js';

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));
const moduleUrl = new URL('./local-backend.ts', import.meta.url).href;
const scope = { project: 'shop', workspace: 'dev', stack: 'main' };

async function makeHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kusion-process-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return home;
}

/** The lock of the scope, taken by this process: children write under its fence. */
async function takeLock(home: string): Promise<ReleaseWriteOptions> {
  return (await sampleWriter(createLocalBackend({ kusionHome: home }))).write;
}

/**
 * Starts a Node child running `body` with `backend` (the local backend on `home`), `scope` and
 * `write` (the fence of a lock this process holds) in scope.
 */
function startChild(
  home: string,
  write: ReleaseWriteOptions,
  body: string,
): ChildProcessWithoutNullStreams {
  const script = `
    import { createLocalBackend } from ${JSON.stringify(moduleUrl)};
    const backend = createLocalBackend({ kusionHome: ${JSON.stringify(home)} });
    const scope = ${JSON.stringify(scope)};
    const write = ${JSON.stringify(write)};
    ${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: packageRoot,
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

/** Resolves with everything the child printed once its output contains `marker`. */
function outputUntil(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve(output);
    });
    child.on('exit', (code) => {
      reject(new Error(`child exited (${String(code)}) before printing ${marker}: ${errors}`));
    });
  });
}

function release(revision: number, extra: Partial<Release> = {}): Release {
  return {
    ...scope,
    revision,
    operation: 'deploy',
    phase: 'applying',
    spec: { resources: [] },
    state: { resources: [{ id: 'base', type: 'Test', attributes: {} }] },
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'parent',
    host: 'test',
    ...extra,
  };
}

describe('local backend across processes', () => {
  it('gives each revision to exactly one of two processes creating it at the same time', async () => {
    const home = await makeHome();
    const write = await takeLock(home);
    const revisions = 30;
    const children = ['left', 'right'].map((name) =>
      startChild(
        home,
        write,
        `
        const base = ${JSON.stringify(release(1))};
        process.stdout.write('ready\\n');
        await new Promise((resolve) => process.stdin.once('data', resolve));
        const results = [];
        for (let revision = 1; revision <= ${revisions}; revision++) {
          try {
            await backend.releases.create({ ...base, revision, user: ${JSON.stringify(name)} }, write);
            results.push('won');
          } catch (error) {
            results.push(error.code);
          }
        }
        process.stdout.write(JSON.stringify(results) + '\\n');
        process.exit(0);`,
      ),
    );
    await Promise.all(children.map((child) => outputUntil(child, 'ready')));
    const outputs = children.map((child) => outputUntil(child, ']'));
    for (const child of children) child.stdin.write('go\n');
    const [left, right] = (await Promise.all(outputs)).map(
      (output) => JSON.parse(output.slice(output.indexOf('['))) as string[],
    );

    const backend = createLocalBackend({ kusionHome: home });
    for (let index = 0; index < revisions; index++) {
      const outcomes = [left![index], right![index]].sort();
      expect(outcomes).toEqual(['STATE_CONFLICT', 'won']);
      const winner = left![index] === 'won' ? 'left' : 'right';
      expect((await backend.releases.get(scope, index + 1))?.user).toBe(winner);
    }
  }, 30_000);

  it.each([
    ['small entries', 100],
    ['entries larger than a page, so a kill can cut a write short', 300_000],
  ])(
    'keeps a clean prefix of the journal when its writer is killed with SIGKILL (%s)',
    async (_, size) => {
      const home = await makeHome();
      const backend = createLocalBackend({ kusionHome: home });
      const write = await takeLock(home);
      await backend.releases.create(release(1), write);
      const child = startChild(
        home,
        write,
        `
      const journal = await backend.releases.openJournal(scope, 1, write);
      const payload = 'x'.repeat(${size});
      for (let index = 0; ; index++) {
        await journal.append({ op: 'put', resource: { id: 'r' + index, type: 'Test', attributes: { index, payload } } });
        if (index === 20) process.stdout.write('ready\\n');
      }`,
      );
      await outputUntil(child, 'ready');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expect(child.signalCode).toBe('SIGKILL');

      const journalFile = join(home, 'releases', 'shop', 'dev', 'main', '1.journal.ndjson');
      const linesWritten = (await readFile(journalFile, 'utf8')).split('\n').length - 1;
      const recovered = (await backend.releases.get(scope, 1))?.state.resources ?? [];
      const ids = recovered.map((resource) => resource.id);
      expect(ids.length - 1).toBeGreaterThanOrEqual(21);
      expect(ids.length - 1).toBe(linesWritten);
      expect(ids).toEqual([
        'base',
        ...Array.from({ length: ids.length - 1 }, (_, index) => `r${index}`),
      ]);

      // The next run appends after the repaired tail and folds everything in.
      const journal = await backend.releases.openJournal(scope, 1, write);
      await journal.append({ op: 'delete', id: 'base' });
      await journal.close();
      await backend.releases.update(release(1, { phase: 'failed' }), write);
      const folded = await backend.releases.get(scope, 1);
      expect(folded?.phase).toBe('failed');
      expect(folded?.state.resources.map((resource) => resource.id)).toEqual(ids.slice(1));
    },
    30_000,
  );
});

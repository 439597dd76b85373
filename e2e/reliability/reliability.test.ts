/**
 * The reliability suite (issue 12): what a demanding user does to Kusion, repeated. Random kill -9
 * during deploy and destroy, on the local and the S3 backend, after which a plain run (no flag)
 * must converge; racing deploys on every backend; 20 % transient provider faults; a corpus of
 * malformed inputs, each answered with one line naming file:line, exit 1 and no state change; and
 * a scan proving no secret value reaches stdout, stderr, --json, --debug, or any state, release or
 * journal file. `npm run test:reliability` runs it with 20 runs per scenario; `npm test` with a
 * few. The figures (runs, failures, resources lost) are printed at the end.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, createProject as createS3Project } from '../s3-backend/kusion-cli.ts';
import { linesOf } from '../test/support/kusion.ts';
import { createProjectWithWorkspace, independentResources } from '../test/support/project.ts';
import type { ScratchProject } from '../test/support/project.ts';
import { figure, reportFigures, runCount } from './figures.ts';
import { MALFORMED_INPUTS } from './malformed-inputs.ts';

const RUNS = runCount(3);
/** Each run is a few CLI processes; room for slow, shared machines. */
const LOOP_TIMEOUT = { timeout: 60_000 + RUNS * 20_000 };
const RESOURCES = independentResources(24, 'test:k');

afterAll(() => {
  reportFigures();
});

/** Resolves once `count()` reaches `target`, or the process ended. */
async function until(count: () => Promise<number>, target: number, ended: () => boolean) {
  for (let waited = 0; (await count()) < target && !ended(); waited += 10) {
    if (waited > 60_000) throw new Error(`never reached ${target}`);
    await sleep(10);
  }
}

/** Resources lost: in the cloud but not in the recorded state, or recorded but not in the cloud. */
function lost(cloud: ReadonlySet<string>, state: ReadonlySet<string>): number {
  return (
    [...cloud].filter((id) => !state.has(id)).length +
    [...state].filter((id) => !cloud.has(id)).length
  );
}

describe('kill -9 during deploy and destroy, local backend', () => {
  it(`converges with a plain run after each of ${RUNS} random kills`, LOOP_TIMEOUT, async () => {
    const kills = figure('kill -9 (local backend)');
    for (let run = 0; run < RUNS; run++) {
      const isDestroy = run % 2 === 1;
      const project = await createProjectWithWorkspace({
        resources: RESOURCES,
        provider: { latencyMs: 40 },
      });
      if (isDestroy) expect((await project.run(['deploy', '--yes'])).exitCode).toBe(0);
      const before = (await project.operations()).length;
      const running = project.spawn([
        isDestroy ? 'destroy' : 'deploy',
        '--yes',
        '--concurrency',
        '4',
      ]);
      const killAt = before + 1 + Math.floor(Math.random() * (RESOURCES.length - 4));
      await until(
        async () => (await project.operations()).length,
        killAt,
        () => running.child.exitCode !== null,
      );
      running.child.kill('SIGKILL');
      await running.done;
      kills.runs++;
      const next = await project.run([isDestroy ? 'destroy' : 'deploy', '--yes', '--json']);
      const cloud = new Set((await project.cloud()).keys());
      const state = await stateIds(project);
      const expected = isDestroy ? 0 : RESOURCES.length;
      const converged =
        next.exitCode === 0 &&
        cloud.size === expected &&
        (await project.run(['preview', '--exit-code'])).exitCode === (isDestroy ? 2 : 0);
      if (!converged) {
        kills.failures++;
        kills.notes.push(`run ${run}: ${next.transcript.slice(0, 400)}`);
      }
      kills.dataLost += lost(cloud, state);
    }
    expect(kills.failures).toBe(0);
    expect(kills.dataLost).toBe(0);
  });
});

/** The resources the latest release records. */
async function stateIds(project: ScratchProject): Promise<Set<string>> {
  const shown = await project.run(['release', 'show', '--json']);
  if (shown.exitCode !== 0) return new Set();
  return new Set(
    shown.json<{ state: { resources: { id: string }[] } }>().state.resources.map((r) => r.id),
  );
}

describe('on the S3 backend (moto)', () => {
  let moto: MotoPeer;
  let s3: S3Client;
  let bucket = 0;
  beforeAll(async () => {
    await assertBuilt();
    moto = await startMoto();
    s3 = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  }, 60_000);
  afterAll(async () => {
    s3.destroy();
    await moto.stop();
  });

  async function s3Project(latencyMs: number) {
    const name = `state-${++bucket}`;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const project = await createS3Project({
      motoEnv: moto.env,
      backends: {
        current: 'team',
        team: { type: 's3', configs: { bucket: name, endpoint: moto.endpoint } },
      },
      latencyMs,
    });
    expect(
      (await project.run(['workspace', 'create', 'dev', '-f', project.workspaceFile])).code,
    ).toBe(0);
    await project.writeResources(RESOURCES.map((r) => ({ ...r, type: 'Test' })));
    return project;
  }

  const cloudIds = async (dir: string): Promise<Set<string>> =>
    new Set(
      (await readdir(dir).catch(() => [] as string[]))
        .filter((file) => file.endsWith('.json'))
        .map((file) => decodeURIComponent(file.slice(0, -5))),
    );

  it(`converges with a plain run after each of ${RUNS} random kills`, LOOP_TIMEOUT, async () => {
    const kills = figure('kill -9 (S3 backend)');
    for (let run = 0; run < RUNS; run++) {
      const isDestroy = run % 2 === 1;
      const project = await s3Project(40);
      if (isDestroy) expect((await project.run(['deploy', '--yes'])).code).toBe(0);
      const running = project.start([
        isDestroy ? 'destroy' : 'deploy',
        '--yes',
        '--concurrency',
        '4',
      ]);
      await running.output(/(Created|Deleted) test:k/).catch(() => undefined);
      await sleep(Math.random() * 600);
      running.child.kill('SIGKILL');
      await running.result;
      kills.runs++;
      const next = await project.run([isDestroy ? 'destroy' : 'deploy', '--yes', '--json']);
      const cloud = await cloudIds(project.cloud);
      const shown = await project.run(['release', 'show', '--json']);
      const state = new Set(
        shown.code === 0
          ? (
              JSON.parse(shown.stdout) as { state: { resources: { id: string }[] } }
            ).state.resources.map((r) => r.id)
          : [],
      );
      const converged = next.code === 0 && cloud.size === (isDestroy ? 0 : RESOURCES.length);
      if (!converged) {
        kills.failures++;
        kills.notes.push(`run ${run}: ${next.stderr.slice(0, 300)}`);
      }
      kills.dataLost += lost(cloud, state);
      await project.cleanup();
    }
    expect(kills.failures).toBe(0);
    expect(kills.dataLost).toBe(0);
  });

  it('lets exactly one of four racing deploys apply; the others wait and find nothing to do', async () => {
    const races = figure('racing deploys (S3 backend)');
    const project = await s3Project(30);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        project.run(['deploy', '--yes', '--json', '--lock-timeout', '60s']),
      ),
    );
    races.runs += results.length;
    races.failures += results.filter((r) => r.code !== 0).length;
    const created = JSON.parse(
      results.map((r) => r.stdout).find((out) => out.includes('"create": 24')) ?? '{}',
    ) as {
      revision?: number;
    };
    expect(created.revision).toBe(1);
    const cloud = await cloudIds(project.cloud);
    const log = await readFile(join(project.cloud, 'operations.log'), 'utf8');
    races.dataLost += RESOURCES.length - cloud.size;
    expect(linesOf(log).filter((line) => line.includes('"create"'))).toHaveLength(RESOURCES.length);
    expect(races.failures).toBe(0);
    await project.cleanup();
  });
});

describe('racing deploys, local backend', () => {
  it('lets exactly one of four racing deploys apply; every resource is created once', async () => {
    const races = figure('racing deploys (local backend)');
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      provider: { latencyMs: 20 },
    });
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        project.run(['deploy', '--yes', '--json', '--lock-timeout', '60s']),
      ),
    );
    races.runs += results.length;
    races.failures += results.filter((r) => r.exitCode !== 0).length;
    const creates = (await project.operations()).filter((o) => o.op === 'create');
    expect(creates).toHaveLength(RESOURCES.length);
    races.dataLost += RESOURCES.length - (await project.cloud()).size;
    expect(races.failures).toBe(0);
  });
});

describe('20 % transient provider faults', () => {
  it(
    `converges in one deploy each of ${RUNS} times, reporting its retries`,
    LOOP_TIMEOUT,
    async () => {
      const faults = figure('20 % transient faults');
      for (let run = 0; run < RUNS; run++) {
        const project = await createProjectWithWorkspace({
          resources: RESOURCES,
          provider: { transientFailRate: 0.2 },
        });
        const result = await project.run(['deploy', '--yes', '--json']);
        faults.runs++;
        const document =
          result.exitCode === 0 ? result.json<{ summary: { retries: number } }>() : undefined;
        if (!document || (await project.cloud()).size !== RESOURCES.length) faults.failures++;
        else faults.notes.push(`${document.summary.retries} retries`);
        faults.dataLost += lost(new Set((await project.cloud()).keys()), await stateIds(project));
      }
      expect(faults.failures).toBe(0);
    },
  );
});

describe('a corpus of malformed inputs', () => {
  it(
    `answers each of ${MALFORMED_INPUTS.length} with one line naming main.yaml:line, exit 1, and no state change`,
    { timeout: 300_000 },
    async () => {
      const corpus = figure('malformed inputs');
      const project = await createProjectWithWorkspace({
        resources: [
          { id: 'test:database', attributes: { engine: 'postgres' } },
          { id: 'test:app', attributes: { databaseId: '$kusion_path.test:database.uid' } },
        ],
      });
      expect((await project.run(['deploy', '--yes'])).exitCode).toBe(0);
      const cloud = await project.snapshotCloud();
      const releases = (await project.run(['release', 'list', '--json'])).stdout;
      for (const input of MALFORMED_INPUTS) {
        await project.writeMainYaml(input.text);
        for (const command of [['preview'], ['deploy', '--yes']]) {
          const result = await project.run(command);
          corpus.runs++;
          const [first, ...rest] = linesOf(result.stderr);
          const isOneLine = rest.every((line) => line.startsWith('Hint:'));
          const ok =
            result.exitCode === 1 &&
            /^Error \[[A-Z_]+\]: (.*\/)?main\.yaml:\d+(:\d+)?: /.test(first ?? '') &&
            isOneLine &&
            !/^\s+at /m.test(result.stderr);
          if (!ok) {
            corpus.failures++;
            corpus.notes.push(
              `${input.name} (${command[0] ?? ''}): ${result.stderr.trim().slice(0, 200)}`,
            );
          }
        }
      }
      expect(await project.snapshotCloud()).toEqual(cloud);
      expect((await project.run(['release', 'list', '--json'])).stdout).toEqual(releases);
      expect(corpus.notes).toEqual([]);
    },
  );
});

describe('a scan for secrets', () => {
  it('finds no secret value in stdout, stderr, --json, --debug, state, release or journal files', async () => {
    const scan = figure('secret scan');
    const SENSITIVE = 'Sensitive-Value-4f1c2a';
    const FROM_STORE = 'From-Secret-Store-9b7e11';
    const project = await createProjectWithWorkspace({
      resources: [
        {
          id: 'test:db',
          attributes: { password: SENSITIVE, name: 'db' },
          extensions: { sensitivePaths: ['password'] },
        },
        { id: 'test:app', attributes: { databasePassword: '$kusion_path.test:db.password' } },
      ],
    });
    const env = { KUSION_E2E_SECRET: FROM_STORE };
    const outputs: string[] = [];
    const runs = [
      ['preview', '--detail'],
      ['deploy', '--yes', '--debug'],
      ['preview', '--json', '--detail'],
      ['release', 'show', '--json'],
      ['generate'],
      ['drift', '--json'],
    ];
    for (const args of runs) {
      const result = await project.run(args, { env });
      outputs.push(result.stdout, result.stderr);
    }
    // A provider setting resolved from the secret store and echoed back in a provider error.
    const file = await project.writeWorkspaceFile(
      'leaky',
      {},
      { secretStore: { provider: 'env' } },
    );
    const text = (await readFile(file, 'utf8')).replace(
      'package:',
      'latencyMs: ref://KUSION_E2E_SECRET\n    package:',
    );
    await import('node:fs/promises').then(({ writeFile }) => writeFile(file, text));
    await project.run(['workspace', 'create', 'leaky', '-f', file], { env });
    for (const args of [
      ['deploy', '-W', 'leaky', '--yes', '--debug'],
      ['deploy', '-W', 'leaky', '--yes', '--json'],
    ]) {
      const result = await project.run(args, { env });
      outputs.push(result.stdout, result.stderr);
    }
    const stored = await filesUnder(project.kusionHome);
    scan.runs = runs.length + 2;
    const leaks = [
      ...outputs.flatMap((text, index) =>
        [SENSITIVE, FROM_STORE].filter((s) => text.includes(s)).map((s) => `output ${index}: ${s}`),
      ),
      ...stored.flatMap(([path, text]) =>
        [SENSITIVE, FROM_STORE].filter((s) => text.includes(s)).map((s) => `${path}: ${s}`),
      ),
    ];
    scan.failures = leaks.length;
    scan.notes.push(`${stored.length} stored files and ${outputs.length} outputs scanned`);
    expect(leaks).toEqual([]);
    // And the value did reach the cloud: the scan is not vacuous.
    expect((await project.readResource('test:app')).databasePassword).toBe(SENSITIVE);
  });
});

async function filesUnder(dir: string): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push([path, await readFile(path, 'utf8')]);
  }
  return found;
}

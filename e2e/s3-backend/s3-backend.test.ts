/**
 * The S3 backend through the built CLI against moto: workspaces and releases in the bucket, one
 * deploy at a time per workspace, expired or dead holders' locks taken over by the next run, a killed deploy
 * recovered from its journal, and clear errors for a missing bucket or a mistyped setting.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertBuilt, createProject } from './kusion-cli.ts';
import type { Project } from './kusion-cli.ts';

const BUCKET = 'kusion-state';
const PREFIX = 'acme/';

let moto: MotoPeer;
let s3: S3Client;
let project: Project;

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

beforeEach(async () => {
  await moto.reset();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  project = await createProject({
    motoEnv: moto.env,
    backends: {
      team: { type: 's3', configs: { bucket: BUCKET, prefix: PREFIX, endpoint: moto.endpoint } },
      ghost: { type: 's3', configs: { bucket: 'no-such-bucket', endpoint: moto.endpoint } },
      typo: { type: 's3', configs: { bucket: BUCKET, bukcet: 'x' } },
    },
    latencyMs: 50,
  });
});

afterEach(() => project.cleanup());

/** Nobody holds the lock: its object is gone or a released marker (which keeps the generation). */
async function expectNoLockHeld(): Promise<void> {
  for (const key of await listKeys('locks/')) {
    expect(JSON.parse((await readObject(key))!)).toMatchObject({ released: true });
  }
}

async function readObject(key: string): Promise<string | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: PREFIX + key }));
    return await response.Body?.transformToString();
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

async function listKeys(folder: string): Promise<string[]> {
  const response = await s3.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX + folder }),
  );
  return (response.Contents ?? []).map((object) => (object.Key ?? '').slice(PREFIX.length));
}

const test = (id: string, attributes: Record<string, unknown> = {}) => ({
  id,
  type: 'Test',
  attributes,
});

async function createWorkspace(): Promise<void> {
  const created = await project.run([
    'workspace',
    'create',
    'dev',
    '-f',
    project.workspaceFile,
    '--backend',
    'team',
  ]);
  expect(created, created.stderr).toMatchObject({ code: 0 });
}

async function releases(): Promise<
  { revision: number; phase: string; rollbackOf?: number; error?: string }[]
> {
  const listed = await project.run(['release', 'list', '--json', '--backend', 'team']);
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { releases: { revision: number; phase: string }[] })
    .releases;
}

describe('the s3 backend through the CLI', { timeout: 60_000 }, () => {
  it('stores workspaces in S3, chosen by --backend, KUSION_BACKEND or backends.current', async () => {
    await createWorkspace();
    const stored = parse((await readObject('workspaces/dev.yaml'))!) as Record<string, unknown>;
    expect(stored).toMatchObject({
      name: 'dev',
      providers: { test: { package: '@kusion/testkit', latencyMs: 50 } },
    });
    expect(await readObject('current-workspace')).toBe('dev\n');

    const list = async (args: string[], env?: Record<string, string>) => {
      const listed = await project.run(['workspace', 'list', '--json', ...args], env);
      expect(listed.code, listed.stderr).toBe(0);
      return (JSON.parse(listed.stdout) as { workspaces: string[] }).workspaces;
    };
    // Every backend has the implicit `default` workspace, as in Kusion.
    expect(await list([])).toEqual(['default']); // the local backend, untouched
    expect(await list(['--backend', 'team'])).toEqual(['default', 'dev']);
    expect(await list([], { KUSION_BACKEND: 'team' })).toEqual(['default', 'dev']);
    expect(await list(['--backend', 'local'], { KUSION_BACKEND: 'team' })).toEqual(['default']);
    await project.writeConfig({
      backends: {
        current: 'team',
        team: { type: 's3', configs: { bucket: BUCKET, prefix: PREFIX, endpoint: moto.endpoint } },
      },
    });
    expect(await list([])).toEqual(['default', 'dev']);
  });

  it('runs exactly one of two concurrent deploys; the other exits 3 naming the holder', async () => {
    await createWorkspace();
    await project.writeResources([test('test:shop:db'), test('test:shop:app')]);
    await project.writeConfig({
      backends: {
        current: 'team',
        team: { type: 's3', configs: { bucket: BUCKET, prefix: PREFIX, endpoint: moto.endpoint } },
      },
    });
    // Slow resources, so the first run still holds the lock when the second one asks.
    await project.writeWorkspaceFile(1500);
    expect(
      (await project.run(['workspace', 'update', 'dev', '-f', project.workspaceFile])).code,
    ).toBe(0);

    const runs = [project.start(['deploy', '--yes']), project.start(['deploy', '--yes'])];
    const results = await Promise.all(runs.map((run) => run.result));
    const winner = results.findIndex((result) => result.code === 0);
    const loser = results.findIndex((result) => result.code === 3);
    expect(results.map((result) => result.code).sort()).toEqual([0, 3]);
    expect(results[loser]!.stderr).toContain(
      `Error [LOCKED]: workspace "dev" of project "shop" is locked by`,
    );
    expect(results[loser]!.stderr).toContain(`(pid ${runs[winner]!.child.pid!}, "kusion deploy")`);
    expect(results[winner]!.stdout).toContain('Deploy complete: 2 created');
    expect((await releases()).map(({ revision, phase }) => ({ revision, phase }))).toEqual([
      { revision: 1, phase: 'succeeded' },
    ]);
    await expectNoLockHeld();
  });

  it('takes over a lock past its expiry with a warning, no flag needed', async () => {
    await createWorkspace();
    await project.writeResources([test('test:shop:db')]);
    const stale = {
      id: 'runner-7-lock',
      user: 'ci',
      host: 'ci-runner-7',
      pid: 4242,
      command: 'kusion deploy',
      acquiredAt: '2024-05-01T10:00:00.000Z',
      expiresAt: '2024-05-01T10:10:00.000Z',
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${PREFIX}locks/shop/dev.json`,
        Body: JSON.stringify(stale),
      }),
    );

    const taken = await project.run(['deploy', '--yes', '--backend', 'team']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(`${taken.stdout}${taken.stderr}`).toContain(
      'Taking over the lock of ci@ci-runner-7 (pid 4242, "kusion deploy") since 2024-05-01T10:00:00.000Z: it expired at 2024-05-01T10:10:00.000Z without being renewed',
    );
    await expectNoLockHeld();
    expect((await releases()).map(({ revision, phase }) => ({ revision, phase }))).toEqual([
      { revision: 1, phase: 'succeeded' },
    ]);
  });

  it('lists releases and rolls back from S3', async () => {
    await createWorkspace();
    await project.writeResources([test('test:shop:app', { image: 'app:1' })]);
    expect((await project.run(['deploy', '--yes', '--backend', 'team'])).code).toBe(0);
    await project.writeResources([test('test:shop:app', { image: 'app:2' })]);
    expect((await project.run(['deploy', '--yes', '--backend', 'team'])).code).toBe(0);

    const rolledBack = await project.run([
      'release',
      'rollback',
      '--revision',
      '1',
      '--yes',
      '--backend',
      'team',
    ]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(
      (await releases()).map(({ revision, phase, rollbackOf }) => ({
        revision,
        phase,
        rollbackOf,
      })),
    ).toEqual([
      { revision: 1, phase: 'succeeded', rollbackOf: undefined },
      { revision: 2, phase: 'succeeded', rollbackOf: undefined },
      { revision: 3, phase: 'succeeded', rollbackOf: 1 },
    ]);
    const third = JSON.parse((await readObject('releases/shop/dev/dev/3.json'))!) as {
      spec: unknown;
      state: { resources: { attributes: unknown }[] };
    };
    expect(third.state.resources[0]?.attributes).toMatchObject({ image: 'app:1' });
    const shown = await project.run([
      'release',
      'show',
      '--revision',
      '2',
      '--json',
      '--backend',
      'team',
    ]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      revision: 2,
      state: { resources: [{ attributes: { image: 'app:2' } }] },
    });
  });

  it('recovers a deploy killed mid-run from the journal it left in S3', async () => {
    await createWorkspace();
    const ids = Array.from({ length: 6 }, (_, index) => `test:shop:r${index}`);
    await project.writeResources(ids.map((id) => test(id)));
    await project.writeWorkspaceFile(400);
    expect(
      (
        await project.run([
          'workspace',
          'update',
          'dev',
          '-f',
          project.workspaceFile,
          '--backend',
          'team',
        ])
      ).code,
    ).toBe(0);

    const doomed = project.start(['deploy', '--yes', '--concurrency', '2', '--backend', 'team']);
    await doomed.output(/Created test:shop:r\d[\s\S]*Created test:shop:r\d/);
    doomed.child.kill('SIGKILL');
    await doomed.result;

    const shown = await project.run(['release', 'show', '--json', '--backend', 'team']);
    const interrupted = JSON.parse(shown.stdout) as {
      phase: string;
      state: { resources: { id: string }[] };
    };
    expect(interrupted.phase).toBe('applying');
    expect(interrupted.state.resources.length).toBeGreaterThanOrEqual(2);
    expect(await listKeys('releases/shop/dev/dev/1.journal/')).not.toEqual([]);

    // Its holder, on this host, is dead: the next plain deploy takes the lock over.
    const resumed = await project.run(['deploy', '--yes', '--backend', 'team']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `process ${doomed.child.pid!} on this host is no longer running`,
    );
    expect(`${resumed.stdout}${resumed.stderr}`).toContain('Revision 1 was interrupted');
    expect((await releases()).map(({ revision, phase }) => ({ revision, phase }))).toEqual([
      { revision: 1, phase: 'failed' },
      { revision: 2, phase: 'succeeded' },
    ]);
    expect(await listKeys('releases/shop/dev/dev/1.journal/')).toEqual([]);
    const final = JSON.parse(
      (await project.run(['release', 'show', '--json', '--backend', 'team'])).stdout,
    ) as {
      state: { resources: { id: string }[] };
    };
    expect(final.state.resources.map((resource) => resource.id).sort()).toEqual(ids);
  });

  it('fails clearly when the bucket does not exist, or a setting is mistyped', async () => {
    const missing = await project.run(['workspace', 'list', '--backend', 'ghost']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `Error [BACKEND_FAILED]: the S3 bucket "no-such-bucket" does not exist (at ${moto.endpoint})`,
    );
    expect(missing.stderr).toContain('Hint: Create it (aws s3 mb s3://no-such-bucket)');

    const typo = await project.run(['workspace', 'list', '--backend', 'typo']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(
      'Error [CONFIG_INVALID]: unknown setting "bukcet" of the s3 backend (known: bucket, prefix, region, endpoint, profile, forcePathStyle, accessKeyID, accessKeySecret)',
    );
  });
});

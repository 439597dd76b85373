/**
 * One sealing key per backend (issue 12): on S3 with a KMS-wrapped data key, a release deployed
 * from one KUSION_HOME rolls back from another with no shared key file or variable; the data key
 * object holds no plain key; a disabled or unknown KMS key fails with KEY_SERVICE_FAILED naming it;
 * `kusion secrets rotate` re-wraps the key and both homes keep working.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, createProject } from './kusion-cli.ts';
import type { CliResult, Project } from './kusion-cli.ts';

const BUCKET = 'kusion-state';
const PREFIX = 'acme/';
const FIRST = 'pw-one-7d1e4b9a';
const SECOND = 'pw-two-c83f02e5';

let moto: MotoPeer;
let s3: S3Client;
let kms: KMSClient;
let project: Project;
/** The second machine: its own KUSION_HOME, the same config.yaml, no key of its own. */
let homeB: string;

beforeAll(async () => {
  await assertBuilt();
  moto = await startMoto();
  const client = {
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  s3 = new S3Client({ ...client, forcePathStyle: true });
  kms = new KMSClient(client);
}, 60_000);

afterAll(async () => {
  s3.destroy();
  kms.destroy();
  await moto.stop();
});

async function createKmsKey(alias: string): Promise<string> {
  const created = await kms.send(new CreateKeyCommand({ Description: alias }));
  const keyId = created.KeyMetadata?.KeyId ?? '';
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  return keyId;
}

function teamConfig(keyId: string, prefix = PREFIX): Record<string, unknown> {
  return {
    backends: {
      current: 'team',
      team: {
        type: 's3',
        configs: { bucket: BUCKET, prefix, endpoint: moto.endpoint },
        sealing: { service: 'aws-kms', keyId },
      },
    },
  };
}

async function writeConfigB(config: Record<string, unknown>): Promise<void> {
  await writeFile(join(homeB, 'config.yaml'), JSON.stringify(config));
}

const fromB = (args: readonly string[]): Promise<CliResult> =>
  project.run(args, { KUSION_HOME: homeB });

async function readObject(key: string): Promise<string | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await response.Body?.transformToString();
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** What the simulated cloud holds for every resource, as text. */
async function cloudText(): Promise<string> {
  let text = '';
  for (const name of await readdir(project.cloud)) {
    if (name.endsWith('.json')) text += await readFile(join(project.cloud, name), 'utf8');
  }
  return text;
}

async function deploySecret(
  password: string,
  run: Project['run'] = (args, options) => project.run(args, options),
): Promise<CliResult> {
  await project.writeResources([
    {
      id: 'test:db',
      type: 'Test',
      attributes: { engine: 'postgres', password },
      extensions: { sensitivePaths: ['password'] },
    },
  ]);
  return run(['deploy', '--yes']);
}

function expectOk(result: CliResult): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

beforeEach(async () => {
  await moto.reset();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  project = await createProject({ motoEnv: moto.env, backends: {}, latencyMs: 0 });
  homeB = join(project.dir, '.kusion-home-b');
  await (await import('node:fs/promises')).mkdir(homeB);
});

afterEach(() => project.cleanup());

describe('sealing keys on S3 wrapped by KMS', { timeout: 120_000 }, () => {
  it('rolls back from another KUSION_HOME with no shared key; the stored data key is wrapped; rotate keeps both homes working', async () => {
    const firstKey = await createKmsKey('alias/kusion-e2e');
    await project.writeConfig(teamConfig('alias/kusion-e2e'));
    await writeConfigB(teamConfig('alias/kusion-e2e'));
    expectOk(await project.run(['workspace', 'create', 'dev', '-f', project.workspaceFile]));
    expectOk(await deploySecret(FIRST));
    expectOk(await deploySecret(SECOND));
    expect(await cloudText()).toContain(SECOND);

    // The data key object: wrapped by KMS, and nothing in it opens without KMS.
    const stored = JSON.parse((await readObject(`${PREFIX}keys/data-key.json`))!) as {
      service: string;
      ciphertext: string;
      keyId: string;
      parameters: { keyArn: string };
    };
    expect(stored).toMatchObject({
      service: 'aws-kms',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(stored.parameters.keyArn).toContain(firstKey);
    const plain = (
      await kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(stored.ciphertext, 'base64'),
          EncryptionContext: { purpose: 'kusion-data-key' },
        }),
      )
    ).Plaintext!;
    expect(plain).toHaveLength(32);
    const body = (await readObject(`${PREFIX}keys/data-key.json`))!;
    for (const encoding of ['base64', 'hex', 'base64url'] as const) {
      expect(body).not.toContain(Buffer.from(plain).toString(encoding));
    }
    // Releases hold the secret sealed, naming the key; no machine key was ever made.
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}releases/` }),
    );
    for (const object of listed.Contents ?? []) {
      const text = (await readObject(object.Key!))!;
      expect(text).not.toContain(FIRST);
      expect(text).not.toContain(SECOND);
    }
    expect(await readObject(`${PREFIX}releases/shop/dev/dev/1.json`)).toContain(
      `(sealed aes-256-gcm key=${stored.keyId}:`,
    );
    expect(await listFiles(project.home)).not.toContain('secret.key');

    // Machine B: another home, no key file, no KUSION_SECRET_KEY.
    const rolledBack = await fromB(['release', 'rollback', '--revision', '1', '--yes']);
    expectOk(rolledBack);
    expect(await cloudText()).toContain(FIRST);
    expect(await cloudText()).not.toContain(SECOND);
    expect(await listFiles(homeB)).not.toContain('secret.key');

    // Rotate to a second KMS key from A; then the first key is disabled: both homes still work.
    const secondKey = await createKmsKey('alias/kusion-e2e-2');
    await project.writeConfig(teamConfig('alias/kusion-e2e-2'));
    const rotated = await project.run(['secrets', 'rotate', '--json']);
    expectOk(rotated);
    const rotation = JSON.parse(rotated.stdout) as {
      status: string;
      keyId: string;
      previous: { parameters: { keyArn: string } };
      current: { parameters: { keyArn: string } };
    };
    expect(rotation).toMatchObject({ status: 'succeeded', keyId: stored.keyId });
    expect(rotation.previous.parameters.keyArn).toContain(firstKey);
    expect(rotation.current.parameters.keyArn).toContain(secondKey);
    const rewrapped = JSON.parse((await readObject(`${PREFIX}keys/data-key.json`))!) as {
      keyId: string;
      ciphertext: string;
      parameters: { keyArn: string };
    };
    expect(rewrapped.keyId).toBe(stored.keyId);
    expect(rewrapped.parameters.keyArn).toContain(secondKey);
    expect(rewrapped.ciphertext).not.toBe(stored.ciphertext);
    // B's config.yaml still names the first key: unwrapping follows the stored key's ARN.
    expectOk(await fromB(['release', 'rollback', '--revision', '2', '--yes']));
    expect(await cloudText()).toContain(SECOND);
    expectOk(await project.run(['release', 'rollback', '--revision', '1', '--yes']));
    expect(await cloudText()).toContain(FIRST);
  });

  it('fails with KEY_SERVICE_FAILED naming the key when KMS cannot open or find it, and applies nothing', async () => {
    const keyId = await createKmsKey('alias/kusion-e2e');
    await project.writeConfig(teamConfig('alias/kusion-e2e'));
    expectOk(await project.run(['workspace', 'create', 'dev', '-f', project.workspaceFile]));
    expectOk(await deploySecret(FIRST));
    expectOk(await deploySecret(SECOND));

    // Machine B looks for KMS in another region, where the key is out of its reach. (moto does not
    // refuse a disabled key's Decrypt nor check key policies, so this stands for "no access".)
    const elsewhere = teamConfig('alias/kusion-e2e');
    const team = (elsewhere.backends as { team: { sealing: Record<string, string> } }).team;
    team.sealing.region = 'eu-west-1';
    await writeConfigB(elsewhere);
    const refused = await fromB(['release', 'rollback', '--revision', '1', '--yes', '--json']);
    expect(refused.code, refused.stderr).toBe(1);
    const error = (JSON.parse(refused.stdout) as { error: { code: string; message: string } })
      .error;
    expect(error.code).toBe('KEY_SERVICE_FAILED');
    expect(error.message).toContain(keyId);
    expect(error.message).toContain('NotFoundException');
    expect(await cloudText()).toContain(SECOND); // nothing was applied
    const releases = await fromB(['release', 'list', '--json']);
    expect((JSON.parse(releases.stdout) as { releases: unknown[] }).releases).toHaveLength(2);

    // A backend whose configured key does not exist: the first seal fails, naming it.
    await project.writeConfig(teamConfig('alias/no-such-key', 'other/'));
    expectOk(await project.run(['workspace', 'create', 'dev', '-f', project.workspaceFile]));
    const unknown = await deploySecret(FIRST);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('KEY_SERVICE_FAILED');
    expect(unknown.stderr).toContain('alias/no-such-key');
    expect(unknown.stderr).toContain('NotFoundException');
    expect(await readObject('other/keys/data-key.json')).toBeUndefined();
  });
});

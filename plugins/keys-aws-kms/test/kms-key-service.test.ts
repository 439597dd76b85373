/** The aws-kms key service against moto's KMS: wrap, unwrap, generate, and coded errors naming the key. */
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import type { WrappedKey } from '@kusion/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsKeyService } from '../src/kms-key-service.js';
import { kmsKeyServiceRegistration } from '../src/plugin.js';
import { parseKmsSettings } from '../src/settings.js';

let moto: MotoPeer;
let kms: KMSClient;
const signal = new AbortController().signal;
const context = { where: 'config.yaml:7', env: {} };

beforeAll(async () => {
  moto = await startMoto();
  kms = new KMSClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}, 60_000);

afterAll(async () => {
  kms.destroy();
  await moto.stop();
});

async function createKey(alias: string): Promise<string> {
  const created = await kms.send(new CreateKeyCommand({}));
  await kms.send(
    new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyMetadata!.KeyId! }),
  );
  return created.KeyMetadata!.Arn!;
}

function service(keyId: string | undefined, region = 'us-east-1') {
  const settings = { ...(keyId ? { keyId } : {}), endpoint: moto.endpoint, region };
  return createKmsKeyService(parseKmsSettings(settings, 'config.yaml:7'), context);
}

const stored = (wrapping: {
  ciphertext: string;
  parameters: WrappedKey['parameters'];
}): WrappedKey => ({
  service: 'aws-kms',
  ...wrapping,
  keyId: '0123456789abcdef',
  createdAt: '2024-01-01T00:00:00.000Z',
});

describe('the aws-kms key service', () => {
  it('generates a 32-byte data key wrapped by the named key, and unwraps it by the stored ARN alone', async () => {
    const arn = await createKey('alias/unit-generate');
    const generated = await service('alias/unit-generate').generateDataKey!({ signal });
    expect(generated.plaintext).toHaveLength(32);
    expect(generated.wrapping.parameters).toEqual({ keyArn: arn });
    expect(generated.wrapping.ciphertext).not.toContain(
      Buffer.from(generated.plaintext).toString('base64'),
    );
    const opened = await service(undefined).unwrap(stored(generated.wrapping), { signal });
    expect(Buffer.from(opened).equals(Buffer.from(generated.plaintext))).toBe(true);
  });

  it('re-wraps under another key (rotation)', async () => {
    await createKey('alias/unit-old');
    const newArn = await createKey('alias/unit-new');
    const generated = await service('alias/unit-old').generateDataKey!({ signal });
    const rewrapped = await service('alias/unit-new').wrap(generated.plaintext, { signal });
    expect(rewrapped.parameters).toEqual({ keyArn: newArn });
    const opened = await service('alias/unit-old').unwrap(stored(rewrapped), { signal });
    expect(Buffer.from(opened).equals(Buffer.from(generated.plaintext))).toBe(true);
  });

  it('fails with KEY_SERVICE_FAILED naming the key: unknown alias, key out of reach, tampered ciphertext', async () => {
    await expect(service('alias/unit-missing').generateDataKey!({ signal })).rejects.toMatchObject({
      code: 'KEY_SERVICE_FAILED',
      message: expect.stringMatching(/alias\/unit-missing.*NotFoundException/),
      hint: expect.stringContaining('sealing.keyId'),
    });
    const arn = await createKey('alias/unit-reach');
    const generated = await service('alias/unit-reach').generateDataKey!({ signal });
    await expect(
      service(undefined, 'eu-west-1').unwrap(stored(generated.wrapping), { signal }),
    ).rejects.toMatchObject({
      code: 'KEY_SERVICE_FAILED',
      message: expect.stringContaining(arn),
    });
    const tampered = {
      ...generated.wrapping,
      ciphertext: Buffer.from('not a kms blob').toString('base64'),
    };
    await expect(service(undefined).unwrap(stored(tampered), { signal })).rejects.toMatchObject({
      code: 'KEY_SERVICE_FAILED',
    });
  });

  it('refuses settings it does not know or cannot use, all at once, naming config.yaml', () => {
    expect(() =>
      kmsKeyServiceRegistration.create(
        { keyId: 'my key', kid: 'x', region: 7 },
        { where: 'config.yaml:7', env: {} },
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        diagnostics: expect.arrayContaining([
          expect.objectContaining({
            message: expect.stringContaining('unknown setting "kid"'),
            file: 'config.yaml:7',
          }),
          expect.objectContaining({ message: expect.stringContaining('sealing.keyId must be') }),
          expect.objectContaining({ message: expect.stringContaining('sealing.region must be') }),
        ]),
      }),
    );
  });
});

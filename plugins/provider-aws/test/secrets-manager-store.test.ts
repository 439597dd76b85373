/** The `aws` secret store against moto's Secrets Manager. */
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretsManagerStore } from '../src/index.js';

let moto: MotoPeer;
const signal = new AbortController().signal;

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  const client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: moto.endpoint });
  await client.send(
    new CreateSecretCommand({
      Name: 'shop/db',
      SecretString: JSON.stringify({ user: 'shop', password: 's3cr3t-v1', port: 5432 }),
    }),
  );
  await client.send(
    new PutSecretValueCommand({
      SecretId: 'shop/db',
      SecretString: JSON.stringify({ user: 'shop', password: 's3cr3t-v2', port: 5432 }),
    }),
  );
  await client.send(new CreateSecretCommand({ Name: 'token', SecretString: 'plain-token' }));
});
afterAll(() => moto.stop());

describe('the aws secret store', () => {
  const store = () => createSecretsManagerStore({ region: 'eu-west-1', endpoint: moto.endpoint });

  it('reads whole secrets, JSON properties, and earlier versions by stage', async () => {
    expect(await store().get({ reference: { name: 'token' }, signal })).toBe('plain-token');
    expect(await store().get({ reference: { name: 'shop/db', key: 'password' }, signal })).toBe(
      's3cr3t-v2',
    );
    expect(await store().get({ reference: { name: 'shop/db', key: 'port' }, signal })).toBe('5432');
    expect(
      await store().get({
        reference: { name: 'shop/db', key: 'password', version: 'AWSPREVIOUS' },
        signal,
      }),
    ).toBe('s3cr3t-v1');
  });

  it('names the reference when the secret or the property is missing, and never the value', async () => {
    await expect(
      store().get({ reference: { name: 'shop/nope', key: 'password' }, signal }),
    ).rejects.toThrow(
      'secret ref://shop/nope/password: AWS Secrets Manager has no secret "shop/nope"',
    );
    const missingKey = store().get({ reference: { name: 'shop/db', key: 'pasword' }, signal });
    await expect(missingKey).rejects.toThrow(
      'secret ref://shop/db/pasword: "shop/db" has no property "pasword"',
    );
    await expect(missingKey).rejects.not.toThrow(/s3cr3t/);
    await expect(store().get({ reference: { name: 'token', key: 'x' }, signal })).rejects.toThrow(
      '"token" is not a JSON object',
    );
  });

  it('refuses unknown settings', () => {
    expect(() => createSecretsManagerStore({ provider: 'aws' })).toThrow(
      'invalid settings for secret store "aws": unknown setting "provider"',
    );
  });
});

/**
 * Authentication (the Entra token endpoint through `@azure/identity`, ARM's 401 answers) and the
 * protocol rules every ARM request follows: api-version, error bodies, tracing headers, paths
 * matched case-insensitively.
 */
import { ResourceManagementClient } from '@azure/arm-resources';
import { ClientSecretCredential, EnvironmentCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmEmulator } from '../../src/index.ts';
import type { ArmEmulator } from '../../src/index.ts';
import { failureOf, rawRequest, startTestbed } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;
let token: string;

beforeAll(async () => {
  testbed = await startTestbed();
  token = await testbed.emulator.controls.issueToken();
});
afterAll(() => testbed.emulator.close());

function clientWith(credential: TokenCredential): ResourceManagementClient {
  return new ResourceManagementClient(credential, testbed.subscriptionId, {
    endpoint: testbed.emulator.endpoint,
    tlsOptions: { ca: testbed.emulator.caPem },
    retryOptions: { maxRetries: 0 },
  });
}

const staticToken = (value: string): TokenCredential => ({
  getToken: () => Promise.resolve({ token: value, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

describe('Entra token endpoint', () => {
  it('serves OpenID metadata whose issuer and token endpoint are on the emulator', async () => {
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/${testbed.emulator.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      issuer: `${testbed.emulator.endpoint}/${testbed.emulator.tenantId}/v2.0`,
      token_endpoint: `${testbed.emulator.endpoint}/${testbed.emulator.tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: expect.any(String),
      jwks_uri: expect.any(String),
    });
  });

  it('gives ClientSecretCredential a token the ARM endpoints accept', async () => {
    const groups = [];
    for await (const group of testbed.resources.resourceGroups.list()) groups.push(group);
    expect(groups).toEqual([]);
    const issued = await testbed.credential.getToken('https://management.azure.com/.default');
    expect(issued.token.split('.')).toHaveLength(3);
    expect(issued.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('gives EnvironmentCredential (AZURE_AUTHORITY_HOST) a token the ARM endpoints accept', async () => {
    const names = [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_AUTHORITY_HOST',
    ] as const;
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, {
      AZURE_TENANT_ID: testbed.emulator.tenantId,
      AZURE_CLIENT_ID: 'env-app',
      AZURE_CLIENT_SECRET: 'env-secret',
      AZURE_AUTHORITY_HOST: testbed.emulator.endpoint,
    });
    try {
      const credential = new EnvironmentCredential({
        disableInstanceDiscovery: true,
        tlsOptions: { ca: testbed.emulator.caPem },
      });
      const group = await clientWith(credential).resourceGroups.createOrUpdate('from-env', {
        location: 'eastus',
      });
      expect(group.id).toBe(`/subscriptions/${testbed.subscriptionId}/resourceGroups/from-env`);
    } finally {
      names.forEach((name, index) => {
        const value = saved[index];
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      });
    }
  });

  it('checks client secrets when the emulator is given its clients', async () => {
    const strict: ArmEmulator = await startArmEmulator({
      clients: { 'known-app': 'right-secret' },
    });
    try {
      const options = {
        authorityHost: strict.endpoint,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: strict.caPem },
      };
      const scope = 'https://management.azure.com/.default';
      await expect(
        new ClientSecretCredential(strict.tenantId, 'known-app', 'right-secret', options).getToken(
          scope,
        ),
      ).resolves.toMatchObject({
        token: expect.any(String),
      });
      await expect(
        new ClientSecretCredential(strict.tenantId, 'known-app', 'wrong-secret', options).getToken(
          scope,
        ),
      ).rejects.toThrow(/AADSTS7000215/);
      await expect(
        new ClientSecretCredential(
          strict.tenantId,
          'unknown-app',
          'right-secret',
          options,
        ).getToken(scope),
      ).rejects.toThrow(/AADSTS700016/);
      await expect(
        new ClientSecretCredential(
          '00000000-1111-2222-3333-444444444444',
          'known-app',
          'right-secret',
          options,
        ).getToken(scope),
      ).rejects.toThrow();
    } finally {
      await strict.close();
    }
  });

  it('refuses grants other than client credentials and scopes without /.default', async () => {
    const path = `/${testbed.emulator.tenantId}/oauth2/v2.0/token`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const password = await rawRequest(testbed.emulator, 'POST', path, {
      headers: form,
      body: 'grant_type=password&client_id=a&username=u&password=p',
    });
    expect(password).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type', error_codes: [70003] },
    });
    const scope = await rawRequest(testbed.emulator, 'POST', path, {
      headers: form,
      body: 'grant_type=client_credentials&client_id=a&client_secret=s&scope=https%3A%2F%2Fmanagement.azure.com%2Fuser_impersonation',
    });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });
});

describe('ARM authentication', () => {
  const path = (): string =>
    `/subscriptions/${testbed.subscriptionId}/resourcegroups?api-version=2025-04-01`;

  it('answers a request without Authorization with 401 AuthenticationFailed and a challenge', async () => {
    const answer = await rawRequest(testbed.emulator, 'GET', path());
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    expect(answer.headers['www-authenticate']).toMatch(
      new RegExp(
        `^Bearer authorization_uri="${testbed.emulator.endpoint}/${testbed.emulator.tenantId}", error="invalid_token"`,
      ),
    );
  });

  it('rejects a token it did not issue (SDK sees 401 InvalidAuthenticationToken)', async () => {
    const failure = await failureOf(
      clientWith(staticToken('not-a-token')).resourceGroups.get('any'),
    );
    expect(failure).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(
      await failureOf(clientWith(staticToken(forged)).resourceGroups.get('any')),
    ).toMatchObject({ code: 'InvalidAuthenticationToken' });
  });

  it('rejects a token for another audience', async () => {
    const storageToken = await testbed.emulator.controls.issueToken({
      scope: 'https://storage.azure.com/.default',
    });
    const failure = await failureOf(
      clientWith(staticToken(storageToken)).resourceGroups.get('any'),
    );
    expect(failure).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationTokenAudience' });
    expect(failure.message).toContain("wrong audience or resource 'https://storage.azure.com/'");
  });
});

describe('protocol', () => {
  it('requires api-version', async () => {
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/subscriptions/${testbed.subscriptionId}/resourcegroups`,
      { token },
    );
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'MissingApiVersionParameter',
          message: 'The api-version query parameter (?api-version=) is required for all requests.',
        },
      },
    });
  });

  it('rejects an api-version Microsoft.Resources does not have, listing the supported ones', async () => {
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/subscriptions/${testbed.subscriptionId}/resourcegroups?api-version=2099-01-01`,
      { token },
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    expect(JSON.stringify(answer.body)).toMatch(/The supported versions are '[^']*2025-04-01/);
  });

  it('rejects an api-version a resource type does not have with NoRegisteredProviderFound', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('api-versions', { location: 'eastus' });
    const id = `/subscriptions/${testbed.subscriptionId}/resourceGroups/api-versions/providers/Microsoft.Storage/storageAccounts/acct`;
    const failure = await failureOf(testbed.resources.resources.getById(id, '2099-01-01'));
    expect(failure).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
    expect(failure.message).toMatch(
      /API version '2099-01-01' for type 'storageAccounts'. The supported api-versions are '[^']*2023-01-01/,
    );
  });

  it('matches paths case-insensitively and answers with tracing headers', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('MixedCase', { location: 'East US' });
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/SUBSCRIPTIONS/${testbed.subscriptionId}/RESOURCEGROUPS/mixedcase?api-version=2025-04-01`,
      {
        token,
        headers: { 'x-ms-correlation-request-id': 'my-correlation' },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 'MixedCase', location: 'eastus' });
    expect(answer.headers['x-ms-correlation-request-id']).toBe('my-correlation');
    expect(answer.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 SubscriptionNotFound for another subscription', async () => {
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups?api-version=2025-04-01',
      { token },
    );
    expect(answer).toMatchObject({
      status: 404,
      body: { error: { code: 'SubscriptionNotFound' } },
    });
  });

  it('answers invalid JSON with 400 InvalidRequestContent', async () => {
    const answer = await rawRequest(
      testbed.emulator,
      'PUT',
      `/subscriptions/${testbed.subscriptionId}/resourcegroups/bad?api-version=2025-04-01`,
      {
        token,
        body: '{"location":',
      },
    );
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'InvalidRequestContent' } },
    });
  });
});

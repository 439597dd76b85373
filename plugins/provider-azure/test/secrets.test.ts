/**
 * Secrets against the ARM emulator, driven as the engine drives the provider: a flexible server
 * whose administrator password is sensitive and a storage account with a sensitive tag are
 * deployed with secure parameters, so neither the exported template nor the deployment ARM keeps
 * holds them; re-planned as unchanged; a rotated password (which what-if cannot see) is planned
 * as an Update by its digest and deployed.
 */
import { createBatchDriver } from '@kusion/testkit/conformance';
import type { BatchDriver } from '@kusion/testkit/conformance';
import { createRecordingIoHost } from '@kusion/testkit';
import type { Resource } from '@kusion/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureProvider } from '../src/index.js';
import { startTestbed, testContext } from './testbed.js';
import type { Testbed } from './testbed.js';

const GROUP = 'kusion-secrets';
const SERVER = 'azure:Microsoft.DBforPostgreSQL/flexibleServers:shop-secret-db';
const ACCOUNT = 'azure:Microsoft.Storage/storageAccounts:shopsecrets';
const PASSWORD = 'Fl3xible$erver-password';
const ROTATED = 'R0tated$erver-password';
const API_KEY = 'storage-tag-api-key-0c1d';

let testbed: Testbed;
let driver: BatchDriver;
const io = createRecordingIoHost();
const context = testContext('secrets');

beforeAll(async () => {
  testbed = await startTestbed();
  driver = createBatchDriver(
    createAzureProvider({ settings: testbed.settings({ resourceGroup: GROUP }), context }),
    context,
    io,
    [],
  );
});
afterAll(() => testbed.close());

function stack(password = PASSWORD): Resource[] {
  return [
    {
      id: SERVER,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.DBforPostgreSQL/flexibleServers',
        apiVersion: '2022-12-01',
        sku: { name: 'Standard_B1ms', tier: 'Burstable' },
        properties: {
          administratorLogin: 'kusion',
          administratorLoginPassword: password,
          storage: { storageSizeGB: 32 },
        },
      },
      extensions: { sensitivePaths: ['properties.administratorLoginPassword'] },
    },
    {
      id: ACCOUNT,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-01-01',
        sku: { name: 'Standard_LRS' },
        kind: 'StorageV2',
        tags: { team: 'shop', 'api-key': API_KEY },
      },
      extensions: { sensitivePaths: ['tags.api-key'] },
    },
  ];
}

async function deploy(resources: Resource[]) {
  const result = await driver.apply(resources);
  for (const [id, outcome] of result.outcomes)
    expect(outcome, id).toMatchObject({ status: 'succeeded' });
  return result;
}

const deploymentName = `kusion-${context.project}-${context.stack}-${context.workspace}`;

describe('secrets', () => {
  it('deploys them as secure parameters: ARM resolves them, the kept deployment holds none', async () => {
    await deploy(stack());
    // The tag is readable on the account: the secure parameter reached the resource.
    const account = await testbed.resources.resources.getById(
      `/subscriptions/${testbed.arm.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.Storage/storageAccounts/shopsecrets`,
      '2023-01-01',
    );
    expect(account.tags).toMatchObject({ team: 'shop', 'api-key': API_KEY });

    const exported = await testbed.deployments.deployments.exportTemplate(GROUP, deploymentName);
    const template = exported.template as {
      parameters?: Record<string, { type: string }>;
      resources: { name: string; properties?: Record<string, unknown>; tags?: object }[];
    };
    expect(Object.values(template.parameters ?? {})).toEqual([
      { type: 'secureString' },
      { type: 'secureString' },
    ]);
    expect(
      template.resources.find((resource) => resource.name === 'shop-secret-db')?.properties?.[
        'administratorLoginPassword'
      ],
    ).toMatch(/^\[parameters\('p_[0-9a-f]{16}'\)\]$/);
    const deployment = await testbed.deployments.deployments.get(GROUP, deploymentName);
    for (const text of [JSON.stringify(exported), JSON.stringify(deployment)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(API_KEY);
    }
    const parameters = (deployment.properties?.parameters ?? {}) as Record<string, unknown>;
    expect(Object.values(parameters)).toEqual([{ type: 'SecureString' }, { type: 'SecureString' }]);
    // State records a digest of each secret, never the value in another form than the engine's.
    const recorded = driver.state.get(SERVER)?.attributes['kusionSecretDigests'];
    expect(Object.keys(recorded as object)).toEqual(['properties.administratorLoginPassword']);
    expect(JSON.stringify(recorded)).not.toContain(PASSWORD);
  });

  it('plans no change when the secrets did not change', async () => {
    const { changes } = await driver.plan(stack());
    expect(changes.get(SERVER)?.action).toBe('UnChanged');
    expect(changes.get(ACCOUNT)?.action).toBe('UnChanged');
  });

  it('plans a rotated password, which what-if cannot see, as an Update, and deploys it', async () => {
    const before = driver.state.get(SERVER)?.attributes['kusionSecretDigests'];
    const { changes } = await driver.plan(stack(ROTATED));
    expect(changes.get(SERVER)).toMatchObject({
      action: 'Update',
      reason: expect.stringContaining(
        'secret properties.administratorLoginPassword changed since the last deploy',
      ) as unknown,
      diff: [
        {
          path: 'properties.administratorLoginPassword',
          kind: 'change',
          before: '(sensitive)',
          after: '(sensitive)',
        },
      ],
      sensitivePaths: ['properties.administratorLoginPassword'],
    });
    expect(JSON.stringify([...changes])).not.toContain(ROTATED);
    expect(changes.get(ACCOUNT)?.action).toBe('UnChanged');
    await deploy(stack(ROTATED));
    expect(driver.state.get(SERVER)?.attributes['kusionSecretDigests']).not.toEqual(before);
    const { changes: after } = await driver.plan(stack(ROTATED));
    expect(after.get(SERVER)?.action).toBe('UnChanged');
    const exported = await testbed.deployments.deployments.exportTemplate(GROUP, deploymentName);
    expect(JSON.stringify(exported)).not.toContain(ROTATED);
  });

  it('reads back the recorded digests, so they never show as drift', async () => {
    const live = await driver.read(stack(ROTATED));
    expect(live.get(SERVER)?.['kusionSecretDigests']).toEqual(
      driver.state.get(SERVER)?.attributes['kusionSecretDigests'],
    );
  });
});

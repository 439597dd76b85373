/**
 * The built CLI against the ARM emulator (its certificate trusted through `caFile`, a service
 * principal from `AZURE_*` variables, the real bearer-token policy): a storage account with a blob
 * container, a network security group, a virtual network with a subnet, and a user-assigned
 * identity, through a user's life cycle; each `it` builds on the one before.
 */
import { randomUUID } from 'node:crypto';
import { startArmEmulator } from '@kusion/emulators';
import type { ArmEmulator } from '@kusion/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, createAzureProject, jsonOf } from './azure-project.ts';
import type { AzureProject, CliResult } from './azure-project.ts';

let arm: ArmEmulator;
let project: AzureProject;
const GROUP = 'shop-dev';

const STORAGE = 'azure:Microsoft.Storage/storageAccounts:shopdata';
const CONTAINER =
  'azure:Microsoft.Storage/storageAccounts/blobServices/containers:shopdata/default/assets';
const NSG = 'azure:Microsoft.Network/networkSecurityGroups:shop-web';
const VNET = 'azure:Microsoft.Network/virtualNetworks:shop-net';
const SUBNET = 'azure:Microsoft.Network/virtualNetworks/subnets:shop-net/apps';
const IDENTITY = 'azure:Microsoft.ManagedIdentity/userAssignedIdentities:shop-worker';

function shop(options: { readonly accessTier: string; readonly withIdentity: boolean }) {
  const azure = (id: string, attributes: Record<string, unknown>) => ({
    id,
    type: 'Azure',
    attributes,
  });
  return [
    azure(STORAGE, {
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2023-01-01',
      sku: { name: 'Standard_LRS' },
      kind: 'StorageV2',
      properties: { accessTier: options.accessTier },
      tags: { team: 'shop' },
    }),
    azure(CONTAINER, {
      type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
      apiVersion: '2023-01-01',
      properties: { publicAccess: 'None' },
    }),
    azure(NSG, {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2023-09-01',
      properties: {
        securityRules: [
          {
            name: 'https-in',
            properties: {
              priority: 100,
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              sourcePortRange: '*',
              destinationPortRange: '443',
              sourceAddressPrefix: '*',
              destinationAddressPrefix: '*',
            },
          },
        ],
      },
    }),
    azure(VNET, {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-09-01',
      properties: { addressSpace: { addressPrefixes: ['10.20.0.0/16'] } },
    }),
    azure(SUBNET, {
      type: 'Microsoft.Network/virtualNetworks/subnets',
      apiVersion: '2023-09-01',
      properties: {
        addressPrefix: '10.20.1.0/24',
        networkSecurityGroup: { id: `$kusion_path.${NSG}.id` },
      },
    }),
    ...(options.withIdentity
      ? [
          azure(IDENTITY, {
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
            apiVersion: '2023-01-31',
            tags: { blob: `$kusion_path.${STORAGE}.properties.primaryEndpoints.blob` },
          }),
        ]
      : []),
  ];
}

const expectExit = (result: CliResult, code: number): void => {
  expect(result.code, result.transcript).toBe(code);
};
const actions = (result: CliResult): Record<string, string> =>
  Object.fromEntries(
    jsonOf<{ changes: { id: string; action: string }[] }>(result).changes.map((change) => [
      change.id,
      change.action,
    ]),
  );
const requests = (method: string, path: RegExp) =>
  arm.requests.filter((request) => request.method === method && path.test(request.path));

beforeAll(async () => {
  await assertBuilt();
  arm = await startArmEmulator();
  project = await createAzureProject({
    project: 'shop',
    workspace: {
      providers: {
        azure: {
          subscriptionId: arm.subscriptionId,
          resourceGroup: GROUP,
          location: 'westeurope',
          endpoint: arm.endpoint,
          caFile: arm.caFile,
          pollIntervalMs: 20,
        },
      },
    },
    env: {
      AZURE_TENANT_ID: arm.tenantId,
      AZURE_CLIENT_ID: randomUUID(),
      AZURE_CLIENT_SECRET: 'e2e-client-secret',
      AZURE_AUTHORITY_HOST: arm.endpoint,
    },
  });
  await project.writeResources(shop({ accessTier: 'Hot', withIdentity: true }));
});
afterAll(async () => {
  await project.cleanup();
  await arm.close();
});

describe('kusion with the azure provider', () => {
  it('previews every resource as a create (the resource group does not exist yet)', async () => {
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    expect(actions(preview)).toEqual({
      [STORAGE]: 'Create',
      [CONTAINER]: 'Create',
      [NSG]: 'Create',
      [VNET]: 'Create',
      [SUBNET]: 'Create',
      [IDENTITY]: 'Create',
    });
    expect(requests('PUT', /./)).toEqual([]);
  });

  it('deploys in one template deployment, and a second preview --exit-code exits 0 (what-if: no change)', async () => {
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stdout).toContain('Deploy complete: 6 created');
    expect(requests('PUT', /\/deployments\/kusion-shop-dev-dev$/i)).toHaveLength(1);
    const again = await project.run(['preview', '--exit-code']);
    expectExit(again, 0);
    expect(requests('POST', /\/whatIf$/i).length).toBeGreaterThan(0);
  });

  it('previews a property change as an Update with what-if changes, and deploys it', async () => {
    await project.writeResources(shop({ accessTier: 'Cool', withIdentity: true }));
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    expect(actions(preview)).toMatchObject({
      [STORAGE]: 'Update',
      [VNET]: 'UnChanged',
      [SUBNET]: 'UnChanged',
    });
    const change = jsonOf<{ changes: { id: string; diff: unknown[] }[] }>(preview).changes.find(
      (entry) => entry.id === STORAGE,
    );
    expect(change?.diff).toEqual([
      expect.objectContaining({ path: 'properties.accessTier', before: 'Hot', after: 'Cool' }),
    ]);
    expectExit(await project.run(['deploy', '--yes']), 0);
  });

  it('deletes a resource removed from the spec by id', async () => {
    await project.writeResources(shop({ accessTier: 'Cool', withIdentity: false }));
    expect(actions(await project.run(['preview', '--json']))[IDENTITY]).toBe('Delete');
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stdout).toContain('1 deleted');
    expect(requests('DELETE', /userAssignedIdentities\/shop-worker$/i)).toHaveLength(1);
  });

  it("fails a deploy whose resource ARM fails, naming it with ARM's code and message", async () => {
    arm.controls.failResource({
      resource: 'shopdata',
      code: 'StorageAccountOperationInProgress',
      message:
        'An operation is currently performing on this storage account that requires exclusive access.',
      status: 409,
      times: 1,
    });
    await project.writeResources(shop({ accessTier: 'Hot', withIdentity: false }));
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 1);
    const output = deploy.stdout + deploy.stderr;
    expect(output).toContain(STORAGE);
    expect(output).toContain(
      'StorageAccountOperationInProgress: An operation is currently performing on this storage account that requires exclusive access.',
    );
  });

  it('retries throttled requests (429 with Retry-After) and succeeds', async () => {
    arm.controls.failRequests({
      path: '/deployments/',
      status: 429,
      count: 2,
      retryAfterSeconds: 1,
    });
    const before = arm.requests.filter((request) => request.status === 429).length;
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(arm.requests.filter((request) => request.status === 429).length - before).toBe(2);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('destroys every resource by id and keeps the group', async () => {
    const destroy = await project.run(['destroy', '--yes']);
    expectExit(destroy, 0);
    for (const name of [
      'storageAccounts/shopdata',
      'networkSecurityGroups/shop-web',
      'virtualNetworks/shop-net',
    ])
      expect(requests('DELETE', new RegExp(`${name}$`, 'i')).length, name).toBeGreaterThan(0);
    const preview = await project.run(['preview', '--json']);
    expect(Object.values(actions(preview))).toEqual(Array(5).fill('Create'));
  });
});

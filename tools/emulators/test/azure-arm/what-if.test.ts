/**
 * What-if through `beginWhatIfAndWait`: change types (Create, Modify with property deltas,
 * NoChange, Ignore; Deploy in ResourceIdOnly format), read-only and write-only properties not
 * counted as changes, and nothing changed by asking.
 */
import type { WhatIfChange } from '@azure/arm-resourcesdeployments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, startTestbed, storageAccount, template } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;
const GROUP = 'what-if';
let base = '';

const identity = (name: string, tags?: Record<string, string>) => ({
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  apiVersion: '2023-01-31',
  name,
  location: '[resourceGroup().location]',
  ...(tags === undefined ? {} : { tags }),
});

const network = (prefixes: string[], subnets: object[]) => ({
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2024-05-01',
  name: 'net',
  location: '[resourceGroup().location]',
  properties: { addressSpace: { addressPrefixes: prefixes }, subnets },
});

const subnet = (name: string, prefix: string) => ({ name, properties: { addressPrefix: prefix } });

const postgres = (password: string) => ({
  type: 'Microsoft.DBforPostgreSQL/flexibleServers',
  apiVersion: '2024-08-01',
  name: 'whatif-pg',
  location: '[resourceGroup().location]',
  sku: { name: 'Standard_B1ms', tier: 'Burstable' },
  properties: { administratorLogin: 'kusion', administratorLoginPassword: password, version: '16' },
});

beforeAll(async () => {
  testbed = await startTestbed();
  base = `/subscriptions/${testbed.subscriptionId}/resourceGroups/${GROUP}/providers`;
  await testbed.resources.resourceGroups.createOrUpdate(GROUP, { location: 'eastus' });
  await testbed.deployments.deployments.createOrUpdate(
    GROUP,
    'base',
    {
      properties: {
        mode: 'Incremental',
        template: template([
          storageAccount('whatifdata', { accessTier: 'Hot' }),
          identity('app-identity', { team: 'shop' }),
          network(['10.0.0.0/16'], [subnet('apps', '10.0.1.0/24')]),
          postgres('First-Passw0rd'),
          identity('not-in-template'),
        ]),
      },
    },
    FAST,
  );
});
afterAll(() => testbed.emulator.close());

async function whatIf(
  resources: object[],
  resultFormat?: 'ResourceIdOnly' | 'FullResourcePayloads',
): Promise<Map<string, WhatIfChange>> {
  const result = await testbed.deployments.deployments.whatIf(
    GROUP,
    'preview',
    {
      properties: {
        mode: 'Incremental',
        template: template(resources),
        ...(resultFormat === undefined ? {} : { whatIfSettings: { resultFormat } }),
      },
    },
    FAST,
  );
  expect(result.status).toBe('Succeeded');
  return new Map(
    (result.changes ?? []).map((change) => [
      change.resourceId?.split('/').slice(6).join('/') ?? '',
      change,
    ]),
  );
}

describe('what-if', () => {
  it('predicts Create, Modify with property deltas, NoChange and Ignore', async () => {
    const changes = await whatIf([
      storageAccount('whatifdata', { accessTier: 'Cool' }),
      identity('app-identity', { team: 'shop' }),
      network(['10.0.0.0/16', '10.1.0.0/16'], [subnet('apps', '10.0.1.0/24')]),
      postgres('Another-Passw0rd'),
      identity('new-identity', { team: 'new' }),
      {
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        apiVersion: '2023-01-01',
        name: 'whatifdata/default/new',
        properties: {},
      },
    ]);
    expect(Object.fromEntries([...changes].map(([id, change]) => [id, change.changeType]))).toEqual(
      {
        'Microsoft.Storage/storageAccounts/whatifdata': 'Modify',
        'Microsoft.Storage/storageAccounts/whatifdata/blobServices/default/containers/new':
          'Create',
        'Microsoft.ManagedIdentity/userAssignedIdentities/app-identity': 'NoChange',
        'Microsoft.ManagedIdentity/userAssignedIdentities/new-identity': 'Create',
        'Microsoft.ManagedIdentity/userAssignedIdentities/not-in-template': 'Ignore',
        'Microsoft.Network/virtualNetworks/net': 'Modify',
        'Microsoft.DBforPostgreSQL/flexibleServers/whatif-pg': 'NoChange',
      },
    );

    const storage = changes.get('Microsoft.Storage/storageAccounts/whatifdata');
    expect(storage?.delta).toEqual([
      { path: 'properties.accessTier', propertyChangeType: 'Modify', before: 'Hot', after: 'Cool' },
    ]);
    expect(storage?.before).toMatchObject({
      properties: {
        accessTier: 'Hot',
        primaryEndpoints: { blob: 'https://whatifdata.blob.core.windows.net/' },
      },
    });
    expect(storage?.after).toMatchObject({
      apiVersion: '2023-01-01',
      properties: { accessTier: 'Cool' },
    });

    expect(changes.get('Microsoft.Network/virtualNetworks/net')?.delta).toEqual([
      {
        path: 'properties.addressSpace.addressPrefixes',
        propertyChangeType: 'Array',
        children: [{ path: '1', propertyChangeType: 'Create', after: '10.1.0.0/16' }],
      },
    ]);

    const created = changes.get('Microsoft.ManagedIdentity/userAssignedIdentities/new-identity');
    expect(created?.before).toBeUndefined();
    expect(created?.after).toEqual({
      id: `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/new-identity`,
      name: 'new-identity',
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      apiVersion: '2023-01-31',
      location: 'eastus',
      tags: { team: 'new' },
    });
    expect(JSON.stringify([...changes.values()])).not.toContain('Another-Passw0rd');
  });

  it('shows tag and subnet changes as property deltas', async () => {
    const changes = await whatIf([
      identity('app-identity', { team: 'shop', env: 'prod' }),
      network(['10.0.0.0/16'], [subnet('apps', '10.0.2.0/24')]),
    ]);
    expect(
      changes.get('Microsoft.ManagedIdentity/userAssignedIdentities/app-identity')?.delta,
    ).toEqual([{ path: 'tags.env', propertyChangeType: 'Create', after: 'prod' }]);
    expect(changes.get('Microsoft.Network/virtualNetworks/net')?.delta).toEqual([
      {
        path: 'properties.subnets',
        propertyChangeType: 'Array',
        children: [
          {
            path: '0',
            propertyChangeType: 'Modify',
            children: [
              {
                path: 'properties.addressPrefix',
                propertyChangeType: 'Modify',
                before: '10.0.1.0/24',
                after: '10.0.2.0/24',
              },
            ],
          },
        ],
      },
    ]);
  });

  it('answers Deploy for existing resources in ResourceIdOnly format', async () => {
    const changes = await whatIf(
      [storageAccount('whatifdata'), identity('brand-new')],
      'ResourceIdOnly',
    );
    expect(changes.get('Microsoft.Storage/storageAccounts/whatifdata')).toMatchObject({
      changeType: 'Deploy',
    });
    expect(changes.get('Microsoft.Storage/storageAccounts/whatifdata')?.delta).toBeUndefined();
    expect(changes.get('Microsoft.ManagedIdentity/userAssignedIdentities/brand-new')).toMatchObject(
      { changeType: 'Create' },
    );
  });

  it('shows a reference to a resource still to be created as its expression', async () => {
    const changes = await whatIf([
      storageAccount('laterdata'),
      identity('refers', {
        blob: "[reference('laterdata').primaryEndpoints.blob]",
        existing:
          "[reference(resourceId('Microsoft.Storage/storageAccounts', 'whatifdata'), '2023-01-01').primaryEndpoints.blob]",
      }),
    ]);
    expect(
      changes.get('Microsoft.ManagedIdentity/userAssignedIdentities/refers')?.after,
    ).toMatchObject({
      tags: {
        blob: "[reference('laterdata').primaryEndpoints.blob]",
        existing: 'https://whatifdata.blob.core.windows.net/',
      },
    });
  });

  it('changes nothing', async () => {
    const account = await testbed.resources.resources.getById(
      `${base}/Microsoft.Storage/storageAccounts/whatifdata`,
      '2023-01-01',
    );
    expect(account.properties).toMatchObject({ accessTier: 'Hot' });
    await expect(
      testbed.resources.resources.checkExistenceById(
        `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/new-identity`,
        '2023-01-31',
      ),
    ).resolves.toEqual({ body: false });
  });
});

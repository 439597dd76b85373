import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { referencedPaths } from './references.js';
import { targetsOf } from './targets.js';
import { buildTemplate } from './template.js';

const context = { project: 'shop', stack: 'dev', workspace: 'prod', projectDir: '/p' };
const defaults = { subscriptionId: 'sub', resourceGroup: 'shop-rg' };
const resource = (id: string, attributes: Record<string, unknown>): Resource => ({
  id,
  type: 'Azure',
  attributes,
});

const account = resource('azure:Microsoft.Storage/storageAccounts:shopdata', {
  type: 'Microsoft.Storage/storageAccounts',
  apiVersion: '2023-01-01',
  sku: { name: 'Standard_LRS' },
  tags: { team: 'shop' },
});
const container = resource('azure:Microsoft.Storage/storageAccounts/blobServices/containers:c', {
  type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  apiVersion: '2023-01-01',
  name: 'shopdata/default/assets',
});
const other = resource('azure:Microsoft.ManagedIdentity/userAssignedIdentities:ops', {
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  apiVersion: '2023-01-31',
  resourceGroup: 'ops-rg',
  tags: {
    account: '$kusion_path.azure:Microsoft.Storage/storageAccounts:shopdata.id',
    blob: '$kusion_path.azure:Microsoft.Storage/storageAccounts:shopdata.properties.primaryEndpoints.blob',
    name: '$kusion_path.azure:Microsoft.Storage/storageAccounts:shopdata.name',
  },
});

describe('buildTemplate', () => {
  const all = [account, container, other];
  const targets = targetsOf(all, defaults);

  it('names, tags, locates and orders resources, parents first through dependsOn', () => {
    const { template } = buildTemplate({
      resourceGroup: 'shop-rg',
      members: [account, container],
      targets,
      referencedAttributes: new Map(),
      context,
    });
    expect(template.resources).toEqual([
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-01-01',
        name: 'shopdata',
        comments: 'kusion: azure:Microsoft.Storage/storageAccounts:shopdata',
        sku: { name: 'Standard_LRS' },
        tags: {
          team: 'shop',
          'kusion-project': 'shop',
          'kusion-stack': 'dev',
          'kusion-workspace': 'prod',
        },
        location: '[resourceGroup().location]',
      },
      {
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        apiVersion: '2023-01-01',
        name: 'shopdata/default/assets',
        comments: 'kusion: azure:Microsoft.Storage/storageAccounts/blobServices/containers:c',
        dependsOn: ["[resourceId('Microsoft.Storage/storageAccounts', 'shopdata')]"],
      },
    ]);
    expect(template.outputs).toBeUndefined();
  });

  it('turns references into resourceId() and reference() across groups, and outputs what is read', () => {
    const referenced = referencedPaths(
      all,
      new Map([[account.id, ['properties.creationTime', 'id']]]),
    );
    const ops = buildTemplate({
      resourceGroup: 'ops-rg',
      members: [other],
      targets,
      referencedAttributes: referenced,
      context,
      location: 'westeurope',
    });
    expect(ops.template.resources[0]).toMatchObject({
      location: 'westeurope',
      tags: {
        account: "[resourceId('shop-rg', 'Microsoft.Storage/storageAccounts', 'shopdata')]",
        blob: "[reference(resourceId('shop-rg', 'Microsoft.Storage/storageAccounts', 'shopdata'), '2023-01-01', 'Full').properties.primaryEndpoints.blob]",
        name: 'shopdata',
      },
    });
    // Another group's resource is not in this template: no dependsOn, the group order sees to it.
    expect(ops.template.resources[0]?.dependsOn).toBeUndefined();
    const shop = buildTemplate({
      resourceGroup: 'shop-rg',
      members: [account, container],
      targets,
      referencedAttributes: referenced,
      context,
    });
    expect(shop.outputs.map(({ path }) => path)).toEqual([
      'properties.creationTime',
      'properties.primaryEndpoints.blob',
    ]);
    expect(shop.template.outputs?.['shopdata_properties_primaryEndpoints_blob']).toEqual({
      type: 'object',
      value:
        "[createObject('value', reference(resourceId('Microsoft.Storage/storageAccounts', 'shopdata'), '2023-01-01', 'Full').properties.primaryEndpoints.blob)]",
    });
  });

  it('writes subnets inline in their virtual network too, so redeploying it keeps them', () => {
    const vnet = resource('azure:Microsoft.Network/virtualNetworks:net', {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-09-01',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    const subnet = resource('azure:Microsoft.Network/virtualNetworks/subnets:net/apps', {
      type: 'Microsoft.Network/virtualNetworks/subnets',
      apiVersion: '2023-09-01',
      properties: { addressPrefix: '10.0.1.0/24' },
    });
    const { template } = buildTemplate({
      resourceGroup: 'shop-rg',
      members: [vnet, subnet],
      targets: targetsOf([vnet, subnet], defaults),
      referencedAttributes: new Map(),
      context,
    });
    expect(template.resources.find((entry) => entry.name === 'net')?.['properties']).toEqual({
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'apps', properties: { addressPrefix: '10.0.1.0/24' } }],
    });
  });
});

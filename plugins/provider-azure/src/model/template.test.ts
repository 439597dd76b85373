import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { referencedPaths } from './references.js';
import { targetsOf } from './targets.js';
import { parameterName } from './secure-parameters.js';
import { buildTemplate, deploymentProperties } from './template.js';

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

  describe('secrets', () => {
    const server = resource('azure:Microsoft.DBforPostgreSQL/flexibleServers:shop-db', {
      type: 'Microsoft.DBforPostgreSQL/flexibleServers',
      apiVersion: '2022-12-01',
      sku: { name: 'Standard_B1ms', tier: 'Burstable' },
      properties: {
        administratorLogin: 'kusion',
        administratorLoginPassword: 'Very$ecret-42',
        storage: { storageSizeGB: 64 },
        network: { delegatedSubnetResourceId: "[resourceId('x')]", port: 5432 },
      },
    });
    const secretServer: Resource = {
      ...server,
      extensions: {
        sensitivePaths: [
          'properties.administratorLoginPassword',
          'properties.storage',
          'properties.network',
        ],
      },
    };
    const build = (member: Resource) =>
      buildTemplate({
        resourceGroup: 'shop-rg',
        members: [member],
        targets: targetsOf([member], defaults),
        referencedAttributes: new Map(),
        context,
      });

    it('passes each sensitive value as a secure parameter, never in the template', () => {
      const built = build(secretServer);
      const text = JSON.stringify(built.template);
      expect(text).not.toContain('Very$ecret-42');
      expect(text).not.toContain('storageSizeGB');
      const names = Object.keys(built.template.parameters ?? {});
      expect(names).toHaveLength(3);
      for (const name of names) expect(name).toMatch(/^p_[0-9a-f]{16}$/);
      const password = parameterName(server.id, 'properties.administratorLoginPassword');
      const storage = parameterName(server.id, 'properties.storage');
      const port = parameterName(server.id, 'properties.network.port');
      expect(built.template.parameters).toEqual({
        [password]: { type: 'secureString' },
        [storage]: { type: 'secureObject' },
        [port]: { type: 'secureObject' },
      });
      expect(built.template.resources[0]?.['properties']).toEqual({
        administratorLogin: 'kusion',
        administratorLoginPassword: `[parameters('${password}')]`,
        storage: `[parameters('${storage}')]`,
        // An expression is no secret and ARM evaluates none in a parameter: it stays; a number
        // rides in a secure object and is read back out of it.
        network: {
          delegatedSubnetResourceId: "[resourceId('x')]",
          port: `[parameters('${port}').value]`,
        },
      });
      expect(built.parameters).toEqual({
        [password]: { value: 'Very$ecret-42' },
        [storage]: { value: { storageSizeGB: 64 } },
        [port]: { value: { value: 5432 } },
      });
      expect(deploymentProperties(built)).toEqual({
        mode: 'Incremental',
        template: built.template,
        parameters: built.parameters,
      });
    });

    it('names parameters by resource and path only, so an unchanged spec gives the same template', () => {
      const rotated: Resource = {
        ...secretServer,
        attributes: {
          ...server.attributes,
          properties: {
            ...(server.attributes['properties'] as object),
            administratorLoginPassword: 'An0ther$ecret',
          },
        },
      };
      expect(build(rotated).template).toEqual(build(secretServer).template);
      expect(build(rotated).parameters).not.toEqual(build(secretServer).parameters);
    });

    it('changes nothing for a resource without sensitive paths', () => {
      const built = build(server);
      expect(built.template.parameters).toBeUndefined();
      expect(built.parameters).toEqual({});
      expect(deploymentProperties(built)).toEqual({
        mode: 'Incremental',
        template: built.template,
      });
      expect(built.template.resources[0]?.['properties']).toEqual(server.attributes['properties']);
    });

    it('keeps secrets of a child written inline in its parent out of the template too', () => {
      const vnet = resource('azure:Microsoft.Network/virtualNetworks:net', {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      });
      const subnet: Resource = {
        ...resource('azure:Microsoft.Network/virtualNetworks/subnets:net/apps', {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          apiVersion: '2023-09-01',
          properties: { addressPrefix: '10.0.1.0/24', serviceEndpointToken: 'subnet-secret' },
        }),
        extensions: { sensitivePaths: ['properties.serviceEndpointToken'] },
      };
      const built = buildTemplate({
        resourceGroup: 'shop-rg',
        members: [vnet, subnet],
        targets: targetsOf([vnet, subnet], defaults),
        referencedAttributes: new Map(),
        context,
      });
      expect(JSON.stringify(built.template)).not.toContain('subnet-secret');
      const name = parameterName(subnet.id, 'properties.serviceEndpointToken');
      expect(
        built.template.resources.find((entry) => entry.name === 'net')?.['properties'],
      ).toEqual({
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: 'apps',
            properties: {
              addressPrefix: '10.0.1.0/24',
              serviceEndpointToken: `[parameters('${name}')]`,
            },
          },
        ],
      });
    });
  });
});

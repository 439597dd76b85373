/**
 * Generic resources by id through `@azure/arm-resources`: each modelled type's required fields
 * and computed read-only properties, parents and children, deletes, unknown types, listings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, FAST, rawRequest, resourceGroupId, startTestbed } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;
const GROUP = 'resources';

beforeAll(async () => {
  testbed = await startTestbed();
  await testbed.resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
});
afterAll(() => testbed.emulator.close());

const idOf = (path: string): string => `${resourceGroupId(testbed, GROUP)}/providers/${path}`;
const put = (path: string, apiVersion: string, body: object) =>
  testbed.resources.resources.createOrUpdateById(idOf(path), apiVersion, body, FAST);
const get = (path: string, apiVersion: string) =>
  testbed.resources.resources.getById(idOf(path), apiVersion);
const remove = (path: string, apiVersion: string) =>
  testbed.resources.resources.deleteById(idOf(path), apiVersion, FAST);

const NETWORK = '2024-05-01';
const STORAGE = '2023-01-01';

describe('storage accounts and blob containers', () => {
  it('computes endpoints, defaults and tags; validates name, sku and kind', async () => {
    const account = await put('Microsoft.Storage/storageAccounts/shopdata', STORAGE, {
      location: 'westeurope',
      sku: { name: 'Standard_GRS' },
      kind: 'StorageV2',
      tags: { team: 'shop' },
      properties: { accessTier: 'Cool' },
    });
    expect(account).toMatchObject({
      id: idOf('Microsoft.Storage/storageAccounts/shopdata'),
      name: 'shopdata',
      type: 'Microsoft.Storage/storageAccounts',
      location: 'westeurope',
      tags: { team: 'shop' },
      sku: { name: 'Standard_GRS', tier: 'Standard' },
      kind: 'StorageV2',
      properties: {
        provisioningState: 'Succeeded',
        accessTier: 'Cool',
        supportsHttpsTrafficOnly: true,
        primaryEndpoints: {
          blob: 'https://shopdata.blob.core.windows.net/',
          dfs: 'https://shopdata.dfs.core.windows.net/',
        },
        primaryLocation: 'westeurope',
      },
    });
    expect(
      await failureOf(
        put('Microsoft.Storage/storageAccounts/Bad_Name', STORAGE, {
          location: 'westeurope',
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
        }),
      ),
    ).toMatchObject({
      statusCode: 400,
      code: 'AccountNameInvalid',
    });
    const noSku = await failureOf(
      put('Microsoft.Storage/storageAccounts/nosku', STORAGE, {
        location: 'westeurope',
        kind: 'StorageV2',
      }),
    );
    expect(noSku).toMatchObject({ statusCode: 400, code: 'InvalidRequestContent' });
    expect(noSku.message).toContain("'sku.name'");
    expect(
      await failureOf(
        put('Microsoft.Storage/storageAccounts/noloc', STORAGE, {
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
        }),
      ),
    ).toMatchObject({
      code: 'LocationRequired',
    });
    expect(
      await failureOf(
        put('Microsoft.Storage/storageAccounts/moon', STORAGE, {
          location: 'moonbase',
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
        }),
      ),
    ).toMatchObject({
      code: 'LocationNotAvailableForResourceType',
    });
  });

  it('serves the implicit blob service and containers under it; a container needs its account', async () => {
    const container =
      'Microsoft.Storage/storageAccounts/shopdata/blobServices/default/containers/images';
    expect(await put(container, STORAGE, { properties: { publicAccess: 'None' } })).toMatchObject({
      id: idOf(container),
      name: 'images',
      type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
      properties: { publicAccess: 'None', leaseState: 'Available', hasImmutabilityPolicy: false },
    });
    expect(
      await get('Microsoft.Storage/storageAccounts/shopdata/blobServices/default', STORAGE),
    ).toMatchObject({ name: 'default' });
    const orphan = await failureOf(
      put(
        'Microsoft.Storage/storageAccounts/missing/blobServices/default/containers/images',
        STORAGE,
        {},
      ),
    );
    expect(orphan).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
    expect(orphan.message).toBe(
      "Can not perform requested operation on nested resource. Parent resource 'missing/default' not found.",
    );
  });

  it('deletes children with their parent; deleting what does not exist answers 204', async () => {
    await remove('Microsoft.Storage/storageAccounts/shopdata', STORAGE);
    const gone = await failureOf(
      get(
        'Microsoft.Storage/storageAccounts/shopdata/blobServices/default/containers/images',
        STORAGE,
      ),
    );
    expect(gone).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(gone.message).toContain(
      "The Resource 'Microsoft.Storage/storageAccounts/shopdata/blobServices/default/containers/images' under resource group 'resources' was not found",
    );
    const before = testbed.emulator.requests.length;
    await remove('Microsoft.Storage/storageAccounts/shopdata', STORAGE);
    expect(
      testbed.emulator.requests.slice(before).map(({ method, status }) => `${method} ${status}`),
    ).toEqual(['DELETE 204']);
  });
});

describe('virtual networks, subnets and security groups', () => {
  it('writes subnets inline and as children; a network PUT without subnets removes them, as in Azure', async () => {
    const vnet = await put('Microsoft.Network/virtualNetworks/core', NETWORK, {
      location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'apps', properties: { addressPrefix: '10.0.1.0/24' } }],
      },
    });
    expect(vnet).toMatchObject({
      properties: {
        provisioningState: 'Succeeded',
        resourceGuid: expect.any(String),
        subnets: [
          {
            id: idOf('Microsoft.Network/virtualNetworks/core/subnets/apps'),
            name: 'apps',
            type: 'Microsoft.Network/virtualNetworks/subnets',
            properties: { addressPrefix: '10.0.1.0/24', provisioningState: 'Succeeded' },
          },
        ],
      },
    });
    // The SDK's generic resource model has no etag: read it raw.
    const token = await testbed.emulator.controls.issueToken();
    const raw = await rawRequest(
      testbed.emulator,
      'GET',
      `${idOf('Microsoft.Network/virtualNetworks/core')}?api-version=${NETWORK}`,
      { token },
    );
    expect(raw.body).toMatchObject({ etag: expect.stringMatching(/^W\/"[0-9a-f-]{36}"$/) });
    await put('Microsoft.Network/virtualNetworks/core/subnets/data', NETWORK, {
      properties: { addressPrefix: '10.0.2.0/24' },
    });
    const names = async () =>
      (
        (await get('Microsoft.Network/virtualNetworks/core', NETWORK)).properties as {
          subnets: { name: string }[];
        }
      ).subnets.map(({ name }) => name);
    expect(await names()).toEqual(['apps', 'data']);
    await put('Microsoft.Network/virtualNetworks/core', NETWORK, {
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    expect(await names()).toEqual([]);
    expect(
      await failureOf(
        put('Microsoft.Network/virtualNetworks/core/subnets/bad', NETWORK, {
          properties: { addressPrefix: '10.0.300.0/24' },
        }),
      ),
    ).toMatchObject({
      code: 'InvalidAddressPrefixFormat',
    });
    expect(
      await failureOf(
        put('Microsoft.Network/virtualNetworks/nospace', NETWORK, {
          location: 'westeurope',
          properties: {},
        }),
      ),
    ).toMatchObject({
      code: 'InvalidRequestContent',
    });
  });

  it('adds the six default rules to a security group and ids to its rules', async () => {
    const nsg = await put('Microsoft.Network/networkSecurityGroups/web', NETWORK, {
      location: 'westeurope',
      properties: {
        securityRules: [
          {
            name: 'https',
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
    });
    const properties = nsg.properties as {
      defaultSecurityRules: { name: string }[];
      securityRules: { id: string }[];
    };
    expect(properties.defaultSecurityRules.map(({ name }) => name)).toEqual([
      'AllowVnetInBound',
      'AllowAzureLoadBalancerInBound',
      'DenyAllInBound',
      'AllowVnetOutBound',
      'AllowInternetOutBound',
      'DenyAllOutBound',
    ]);
    expect(properties.securityRules[0]?.id).toBe(
      idOf('Microsoft.Network/networkSecurityGroups/web/securityRules/https'),
    );
  });
});

describe('user-assigned identities', () => {
  it('assigns principal and client ids once and keeps them across updates', async () => {
    const path = 'Microsoft.ManagedIdentity/userAssignedIdentities/app-id';
    const created = await put(path, '2023-01-31', { location: 'westeurope' });
    expect(created.properties).toMatchObject({
      tenantId: testbed.emulator.tenantId,
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const updated = await put(path, '2023-01-31', { location: 'westeurope', tags: { env: 'dev' } });
    expect(updated.properties).toEqual(created.properties);
    expect(updated.tags).toEqual({ env: 'dev' });
    const patched = await testbed.resources.resources.updateById(
      idOf(path),
      '2023-01-31',
      { tags: { env: 'prod' } },
      FAST,
    );
    expect(patched).toMatchObject({ tags: { env: 'prod' }, properties: created.properties });
    expect(await failureOf(put(path, '2023-01-31', { location: 'eastus' }))).toMatchObject({
      statusCode: 409,
      code: 'InvalidResourceLocation',
    });
  });
});

describe('flexible servers', () => {
  it('never returns the administrator password, requires it at creation, and serves firewall rules and databases', async () => {
    const server = 'Microsoft.DBforMySQL/flexibleServers/orders-db';
    expect(
      await failureOf(
        put(server, '2023-12-30', {
          location: 'westeurope',
          sku: { name: 'Standard_B1ms', tier: 'Burstable' },
          properties: { administratorLogin: 'admin' },
        }),
      ),
    ).toMatchObject({
      code: 'InvalidRequestContent',
    });
    const created = await put(server, '2023-12-30', {
      location: 'westeurope',
      sku: { name: 'Standard_B1ms', tier: 'Burstable' },
      properties: { administratorLogin: 'admin', administratorLoginPassword: 'S3cret!pass' },
    });
    expect(created.properties).toMatchObject({
      fullyQualifiedDomainName: 'orders-db.mysql.database.azure.com',
      version: '8.0.21',
      administratorLogin: 'admin',
    });
    expect(JSON.stringify(created)).not.toContain('S3cret!pass');
    expect(JSON.stringify(await get(server, '2023-12-30'))).not.toContain(
      'administratorLoginPassword',
    );
    const rule = await put(`${server}/firewallRules/office`, '2023-12-30', {
      properties: { startIpAddress: '10.1.0.1', endIpAddress: '10.1.0.9' },
    });
    expect(rule).toMatchObject({
      type: 'Microsoft.DBforMySQL/flexibleServers/firewallRules',
      properties: { startIpAddress: '10.1.0.1' },
    });
    expect(
      await failureOf(
        put(`${server}/firewallRules/bad`, '2023-12-30', {
          properties: { startIpAddress: 'x', endIpAddress: '10.1.0.9' },
        }),
      ),
    ).toMatchObject({
      code: 'InvalidParameterValue',
    });
    expect(await put(`${server}/databases/orders`, '2023-12-30', {})).toMatchObject({
      properties: { charset: 'utf8mb4' },
    });
    await remove(server, '2023-12-30');
    expect(await failureOf(get(`${server}/databases/orders`, '2023-12-30'))).toMatchObject({
      code: 'ResourceNotFound',
    });
  });
});

describe('types and listings', () => {
  it('answers unknown types and namespaces as ARM does', async () => {
    expect(await failureOf(get('Microsoft.Storage/fileShares/x', STORAGE))).toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceType',
    });
    expect(await failureOf(get('Contoso.Widgets/widgets/x', '2024-01-01'))).toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceNamespace',
    });
  });

  it('answers 404 ResourceGroupNotFound for resources in a missing group', async () => {
    const failure = await failureOf(
      testbed.resources.resources.getById(
        `/subscriptions/${testbed.subscriptionId}/resourceGroups/nowhere/providers/Microsoft.Storage/storageAccounts/x`,
        STORAGE,
      ),
    );
    expect(failure).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  it("lists a group's top-level resources, with $filter on type, name and tags", async () => {
    await testbed.resources.resourceGroups.createOrUpdate('listing', { location: 'eastus' });
    const base = `/subscriptions/${testbed.subscriptionId}/resourceGroups/listing/providers`;
    const create = (path: string, body: object, apiVersion: string) =>
      testbed.resources.resources.createOrUpdateById(`${base}/${path}`, apiVersion, body, FAST);
    await create(
      'Microsoft.ManagedIdentity/userAssignedIdentities/one',
      { location: 'eastus', tags: { tier: 'gold' } },
      '2023-01-31',
    );
    await create(
      'Microsoft.Network/virtualNetworks/net',
      {
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
          subnets: [{ name: 's', properties: { addressPrefix: '10.9.0.0/24' } }],
        },
      },
      NETWORK,
    );
    const list = async (filter?: string) => {
      const names: string[] = [];
      for await (const resource of testbed.resources.resources.listByResourceGroup(
        'listing',
        filter === undefined ? {} : { filter },
      ))
        names.push(resource.name ?? '');
      return names.sort();
    };
    expect(await list()).toEqual(['net', 'one']);
    expect(await list("resourceType eq 'Microsoft.Network/virtualNetworks'")).toEqual(['net']);
    expect(await list("tagName eq 'tier' and tagValue eq 'gold'")).toEqual(['one']);
    expect(await failureOf(list("substringof('o', name)"))).toMatchObject({ statusCode: 400 });
  });

  it('deleting a group deletes its resources', async () => {
    await testbed.resources.resourceGroups.delete('listing', FAST);
    const token = await testbed.emulator.controls.issueToken();
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/subscriptions/${testbed.subscriptionId}/resourceGroups/listing/providers/Microsoft.ManagedIdentity/userAssignedIdentities/one?api-version=2023-01-31`,
      { token },
    );
    expect(answer).toMatchObject({
      status: 404,
      body: { error: { code: 'ResourceGroupNotFound' } },
    });
    await testbed.resources.resourceGroups.createOrUpdate('listing', { location: 'eastus' });
    const again = await rawRequest(
      testbed.emulator,
      'GET',
      `/subscriptions/${testbed.subscriptionId}/resourceGroups/listing/providers/Microsoft.ManagedIdentity/userAssignedIdentities/one?api-version=2023-01-31`,
      { token },
    );
    expect(again).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });
});

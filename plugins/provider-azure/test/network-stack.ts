/**
 * The resources of the integration and e2e scenario, as a user writes them: a storage account with
 * a blob container, a network security group, a virtual network with a subnet that uses the
 * security group, and a user-assigned identity.
 */
import type { Resource } from '@kusion/sdk';

export const STORAGE = 'azure:Microsoft.Storage/storageAccounts:shopdata';
export const CONTAINER =
  'azure:Microsoft.Storage/storageAccounts/blobServices/containers:shopdata/default/assets';
export const NSG = 'azure:Microsoft.Network/networkSecurityGroups:shop-web';
export const VNET = 'azure:Microsoft.Network/virtualNetworks:shop-net';
export const SUBNET = 'azure:Microsoft.Network/virtualNetworks/subnets:shop-net/apps';
export const IDENTITY = 'azure:Microsoft.ManagedIdentity/userAssignedIdentities:shop-worker';

export function networkStack(
  options: {
    readonly accessTier?: string;
    readonly withIdentity?: boolean;
    readonly storageName?: string;
  } = {},
): Resource[] {
  const storageName = options.storageName ?? 'shopdata';
  return [
    {
      id: STORAGE,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-01-01',
        name: storageName,
        sku: { name: 'Standard_LRS' },
        kind: 'StorageV2',
        properties: { accessTier: options.accessTier ?? 'Hot', minimumTlsVersion: 'TLS1_2' },
        tags: { team: 'shop' },
      },
    },
    {
      id: CONTAINER,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        apiVersion: '2023-01-01',
        name: `${storageName}/default/assets`,
        properties: { publicAccess: 'None' },
      },
    },
    {
      id: NSG,
      type: 'Azure',
      attributes: {
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
      },
    },
    {
      id: VNET,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        properties: { addressSpace: { addressPrefixes: ['10.20.0.0/16'] } },
      },
    },
    {
      id: SUBNET,
      type: 'Azure',
      attributes: {
        type: 'Microsoft.Network/virtualNetworks/subnets',
        apiVersion: '2023-09-01',
        properties: {
          addressPrefix: '10.20.1.0/24',
          networkSecurityGroup: { id: `$kusion_path.${NSG}.id` },
        },
      },
    },
    ...(options.withIdentity === false
      ? []
      : [
          {
            id: IDENTITY,
            type: 'Azure',
            attributes: {
              type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
              apiVersion: '2023-01-31',
              tags: { blob: `$kusion_path.${STORAGE}.properties.primaryEndpoints.blob` },
            },
          },
        ]),
  ];
}

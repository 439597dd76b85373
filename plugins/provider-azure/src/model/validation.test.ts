import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { validateResources } from './validation.js';

const defaults = { subscriptionId: 's', resourceGroup: 'rg' };
const resource = (id: string, attributes: Record<string, unknown>): Resource => ({
  id,
  type: 'Azure',
  attributes,
});

describe('validateResources', () => {
  it('accepts a resource whose name comes from its id', () => {
    expect(
      validateResources(
        [
          resource('azure:Microsoft.Storage/storageAccounts:shopdata', {
            type: 'Microsoft.Storage/storageAccounts',
            apiVersion: '2023-01-01',
          }),
        ],
        defaults,
      ),
    ).toEqual([]);
  });

  it('reports every problem of the shape, together', () => {
    const messages = validateResources(
      [
        resource('azure:Microsoft.Storage/storageAccounts:a', {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: 'latest',
          Properties: {},
        }),
        resource('plain-id', {
          type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
          apiVersion: '2023-01-01',
          name: 'acct/logs',
          tags: { 'kusion-owner': 'me' },
        }),
      ],
      { subscriptionId: 's' },
    ).map((diagnostic) => diagnostic.message);
    expect(messages).toEqual([
      'azure:Microsoft.Storage/storageAccounts:a: unknown attribute "Properties" (allowed: type, apiVersion, name, resourceGroup, location, sku, kind, identity, zones, tags, properties)',
      'azure:Microsoft.Storage/storageAccounts:a: the id names type Microsoft.Storage/storageAccounts but type is Microsoft.Network/virtualNetworks',
      'azure:Microsoft.Storage/storageAccounts:a: apiVersion must be the resource provider\'s api-version such as "2023-01-01", received "latest"',
      'azure:Microsoft.Storage/storageAccounts:a: no resource group: set providers.azure.resourceGroup in the workspace, or resourceGroup on the resource',
      'plain-id: a Microsoft.Storage/storageAccounts/blobServices/containers needs a name of 3 segments separated by "/" (parent names first, e.g. "account/default/logs"), received "acct/logs"',
      'plain-id: no resource group: set providers.azure.resourceGroup in the workspace, or resourceGroup on the resource',
      'plain-id: tag "kusion-owner" uses the prefix "kusion-", which Kusion reserves for its ownership tags',
    ]);
  });

  it('refuses two ids for one ARM resource, and groups that reference each other', () => {
    const messages = validateResources(
      [
        resource('azure:Microsoft.ManagedIdentity/userAssignedIdentities:a', {
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          apiVersion: '2023-01-31',
          resourceGroup: 'one',
          tags: { b: '$kusion_path.b.id' },
        }),
        resource('b', {
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          apiVersion: '2023-01-31',
          name: 'b',
          resourceGroup: 'two',
          tags: { a: '$kusion_path.azure:Microsoft.ManagedIdentity/userAssignedIdentities:a.id' },
        }),
        resource('c', {
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          apiVersion: '2023-01-31',
          name: 'B',
          resourceGroup: 'TWO',
        }),
      ],
      defaults,
    ).map((diagnostic) => diagnostic.message);
    expect(messages).toEqual([
      expect.stringMatching(/^"b", "c" all name the same Azure resource/),
      expect.stringMatching(
        /^resource groups (one and two|two and one) reference each other's resources/,
      ),
    ]);
  });
});

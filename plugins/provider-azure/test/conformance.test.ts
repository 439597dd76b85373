/**
 * The batch provider conformance suite (`@kusion/testkit/conformance`) against the ARM emulator:
 * a storage account (whose blob endpoint other providers read; a new name is a replacement), a
 * user-assigned identity as the second member (its tag holds the value), and a storage account
 * the emulator is told to fail when the deployment reaches it.
 */
import type { Resource } from '@kusion/sdk';
import { describeProviderConformance } from '@kusion/testkit/conformance';
import { afterAll } from 'vitest';
import { createAzureProvider } from '../src/index.js';
import { startTestbed, testContext } from './testbed.js';

const testbed = await startTestbed();
afterAll(() => testbed.close());

const API = '2023-01-01';
const IDENTITY_API = '2023-01-31';
let counter = 0;
let context = testContext('conformance-0');

const account = (id: string, name: string, properties: Record<string, unknown>): Resource => ({
  id: `azure:Microsoft.Storage/storageAccounts:${id}`,
  type: 'Azure',
  attributes: {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: API,
    name,
    sku: { name: 'Standard_LRS' },
    kind: 'StorageV2',
    properties,
    tags: { 'api-key': 'do-not-print-me' },
  },
  extensions: { sensitivePaths: ['tags.api-key'] },
});

describeProviderConformance({
  kind: 'batch',
  name: 'azure (ARM template deployments on the emulator)',
  get context() {
    return context;
  },
  createProvider: () =>
    Promise.resolve(createAzureProvider({ settings: testbed.settings(), context })),
  fixtures: () => {
    const suffix = `${Date.now().toString(36).slice(-5)}${++counter}`;
    context = testContext(`conformance-${counter}`);
    const failing = `broken${suffix}`;
    testbed.arm.controls.failResource({
      resource: failing,
      code: 'StorageAccountAlreadyTaken',
      message: `The storage account named ${failing} is already taken.`,
      status: 409,
    });
    return {
      create: account('orders', `orders${suffix}`, { accessTier: 'Hot' }),
      update: account('orders', `orders${suffix}`, { accessTier: 'Cool' }),
      replace: account('orders', `ordersv2${suffix}`, { accessTier: 'Hot' }),
      member: (value) => ({
        id: `azure:Microsoft.ManagedIdentity/userAssignedIdentities:worker-${suffix}`,
        type: 'Azure',
        attributes: {
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          apiVersion: IDENTITY_API,
          tags: { value },
        },
      }),
      memberValuePath: 'tags.value',
      // The live object keeps a reference as written (as state records it): ask ARM for the value.
      readMemberValue: async (member) => {
        const id = `/subscriptions/${testbed.arm.subscriptionId}/resourceGroups/kusion-tests/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${member.id.split(':').at(-1) ?? ''}`;
        return (await testbed.resources.resources.getById(id, IDENTITY_API)).tags?.['value'];
      },
      failing: account('broken', failing, {}),
      outputPath: 'properties.primaryEndpoints.blob',
    };
  },
  identityPath: 'id',
  timeoutMs: 30_000,
});

/**
 * The request sequences the real Azure SDKs send, and the emulator's answers, checked against
 * recorded fixtures (`fixtures/*.json`: method, path pattern, status, protocol headers) that follow
 * ARM's documented long-running-operation protocol. A change in the emulator that the SDK would
 * still accept but ARM would not answer so fails here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectSequence, FAST, startTestbed, storageAccount, template } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;
let values: Record<string, string>;

beforeAll(async () => {
  testbed = await startTestbed();
  values = {
    endpoint: testbed.emulator.endpoint,
    subscriptionId: testbed.subscriptionId,
    tenantId: testbed.emulator.tenantId,
    location: 'eastus',
  };
});
afterAll(() => testbed.emulator.close());
beforeEach(() => {
  testbed.emulator.controls.reset();
});

/** The requests logged while `action` runs. */
async function recorded(action: () => Promise<unknown>): Promise<typeof testbed.emulator.requests> {
  const start = testbed.emulator.requests.length;
  await action();
  return testbed.emulator.requests.slice(start);
}

describe('SDK request sequences', () => {
  it('gets a token the way MSAL asks for it', async () => {
    const credential = new (await import('@azure/identity')).ClientSecretCredential(
      testbed.emulator.tenantId,
      'another-app',
      'its-secret',
      {
        authorityHost: testbed.emulator.endpoint,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: testbed.emulator.caPem },
      },
    );
    const entries = await recorded(() =>
      credential.getToken('https://management.azure.com/.default'),
    );
    expectSequence(entries, 'token', values);
  });

  it('creates, updates, reads, checks and deletes a resource group', async () => {
    // The SDK's bearer policy asks for a CAE token (its own MSAL cache): get it before recording.
    await testbed.credential.getToken('https://management.azure.com/.default', { enableCae: true });
    const groups = testbed.resources.resourceGroups;
    const entries = await recorded(async () => {
      await groups.createOrUpdate('seq-group', { location: 'westeurope' });
      await groups.createOrUpdate('seq-group', { location: 'westeurope', tags: { team: 'a' } });
      expect(await groups.get('seq-group')).toMatchObject({
        location: 'westeurope',
        tags: { team: 'a' },
      });
      expect(await groups.checkExistence('seq-group')).toEqual({ body: true });
      await groups.delete('seq-group', FAST);
      expect(await groups.checkExistence('seq-group')).toEqual({ body: false });
    });
    expectSequence(entries, 'resource-group-lifecycle', { ...values, resourceGroup: 'seq-group' });
  });

  it('runs a template deployment: PUT, status polls, final GET', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-deploy', { location: 'eastus' });
    const entries = await recorded(async () => {
      const deployment = await testbed.deployments.deployments.createOrUpdate(
        'seq-deploy',
        'stack',
        { properties: { mode: 'Incremental', template: template([storageAccount('seqdata')]) } },
        FAST,
      );
      expect(deployment.properties?.provisioningState).toBe('Succeeded');
    });
    expectSequence(entries, 'deployment-create', {
      ...values,
      resourceGroup: 'seq-deploy',
      deployment: 'stack',
    });
  });

  it('follows a failing deployment to its Failed status', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-fail', { location: 'eastus' });
    testbed.emulator.controls.failResource({
      resource: 'seqfail',
      code: 'Conflict',
      message: 'nope',
    });
    const entries = await recorded(async () => {
      await expect(
        testbed.deployments.deployments.createOrUpdate(
          'seq-fail',
          'stack',
          { properties: { mode: 'Incremental', template: template([storageAccount('seqfail')]) } },
          FAST,
        ),
      ).rejects.toThrow(/DeploymentFailed/);
    });
    expectSequence(entries, 'deployment-failed', {
      ...values,
      resourceGroup: 'seq-fail',
      deployment: 'stack',
    });
  });

  it('runs what-if through its Location', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-whatif', { location: 'eastus' });
    const entries = await recorded(async () => {
      const result = await testbed.deployments.deployments.whatIf(
        'seq-whatif',
        'stack',
        { properties: { mode: 'Incremental', template: template([storageAccount('seqwhatif')]) } },
        FAST,
      );
      expect(result.changes?.map((change) => change.changeType)).toEqual(['Create']);
    });
    expectSequence(entries, 'what-if', {
      ...values,
      resourceGroup: 'seq-whatif',
      deployment: 'stack',
    });
  });

  it('deletes a deployment through its Location', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-deldep', { location: 'eastus' });
    await testbed.deployments.deployments.createOrUpdate(
      'seq-deldep',
      'stack',
      { properties: { mode: 'Incremental', template: template([]) } },
      FAST,
    );
    const entries = await recorded(() =>
      testbed.deployments.deployments.delete('seq-deldep', 'stack', FAST),
    );
    expectSequence(entries, 'deployment-delete', {
      ...values,
      resourceGroup: 'seq-deldep',
      deployment: 'stack',
    });
    expect(await testbed.deployments.deployments.checkExistence('seq-deldep', 'stack')).toEqual({
      body: false,
    });
  });

  it('creates a storage account by id, long-running with Location', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-storage', { location: 'eastus' });
    const id = `/subscriptions/${testbed.subscriptionId}/resourceGroups/seq-storage/providers/Microsoft.Storage/storageAccounts/seqbyid`;
    const entries = await recorded(async () => {
      const account = await testbed.resources.resources.createOrUpdateById(
        id,
        '2023-01-01',
        { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: {} },
        FAST,
      );
      expect(account.properties).toMatchObject({
        provisioningState: 'Succeeded',
        primaryEndpoints: { blob: 'https://seqbyid.blob.core.windows.net/' },
      });
    });
    expectSequence(entries, 'storage-account-by-id', {
      ...values,
      resourceGroup: 'seq-storage',
      account: 'seqbyid',
    });
  });

  it('creates a PostgreSQL flexible server by id, long-running with Azure-AsyncOperation', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('seq-pg', { location: 'eastus' });
    const id = `/subscriptions/${testbed.subscriptionId}/resourceGroups/seq-pg/providers/Microsoft.DBforPostgreSQL/flexibleServers/seq-pg-server`;
    const entries = await recorded(async () => {
      const server = await testbed.resources.resources.createOrUpdateById(
        id,
        '2024-08-01',
        {
          location: 'eastus',
          sku: { name: 'Standard_B1ms', tier: 'Burstable' },
          properties: {
            administratorLogin: 'kusion',
            administratorLoginPassword: 'P@ssw0rd-1234',
            version: '16',
          },
        },
        FAST,
      );
      expect(server.properties).toMatchObject({
        fullyQualifiedDomainName: 'seq-pg-server.postgres.database.azure.com',
        state: 'Ready',
      });
      expect(server.properties).not.toHaveProperty('administratorLoginPassword');
    });
    expectSequence(entries, 'flexible-server-by-id', {
      ...values,
      resourceGroup: 'seq-pg',
      server: 'seq-pg-server',
    });
  });
});

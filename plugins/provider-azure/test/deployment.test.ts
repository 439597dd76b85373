/**
 * The provider's batch form against the ARM emulator, driven as the engine drives it: a stack of
 * storage, network and identity resources previewed with what-if, deployed in one deployment with
 * child resources and references wired by ARM, re-planned as unchanged, updated, shrunk (deleted
 * by id), failed by an injected fault, retried through throttling, read for drift, and destroyed.
 */
import { createBatchDriver } from '@kusion/testkit/conformance';
import type { BatchDriver } from '@kusion/testkit/conformance';
import { createRecordingIoHost } from '@kusion/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureProvider } from '../src/index.js';
import { CONTAINER, IDENTITY, NSG, STORAGE, SUBNET, VNET, networkStack } from './network-stack.js';
import { startTestbed, testContext } from './testbed.js';
import type { Testbed } from './testbed.js';

let testbed: Testbed;
let driver: BatchDriver;
const reports: string[] = [];
const io = createRecordingIoHost();
const context = testContext('shop');
const GROUP = 'kusion-tests';

beforeAll(async () => {
  testbed = await startTestbed();
  driver = createBatchDriver(
    createAzureProvider({ settings: testbed.settings(), context }),
    context,
    io,
    reports,
  );
});
afterAll(() => testbed.close());

const actions = async (resources = networkStack()): Promise<Record<string, string>> =>
  Object.fromEntries(
    [...(await driver.plan(resources)).changes].map(([id, change]) => [id, change.action]),
  );
const armId = (type: string, name: string): string =>
  `/subscriptions/${testbed.arm.subscriptionId}/resourceGroups/${GROUP}/providers/${type}/${name}`;
const deploymentPuts = (): number =>
  testbed.arm.requests.filter(
    (request) => request.method === 'PUT' && /\/deployments\/[^/]+$/i.test(request.path),
  ).length;

/** What the engine does: plan, then apply the desired resources with the plan's deletions. */
async function deploy(resources = networkStack()) {
  const { changes } = await driver.plan(resources);
  const deletions = [...changes]
    .filter(([, change]) => change.action === 'Delete')
    .map(([id]) => id);
  return driver.apply(resources, { deletions });
}

describe('a storage, network and identity stack', () => {
  it('previews every resource as a create while the resource group does not exist', async () => {
    expect(await actions()).toEqual({
      [STORAGE]: 'Create',
      [CONTAINER]: 'Create',
      [NSG]: 'Create',
      [VNET]: 'Create',
      [SUBNET]: 'Create',
      [IDENTITY]: 'Create',
    });
    expect(await testbed.resources.resourceGroups.checkExistence(GROUP)).toMatchObject({
      body: false,
    });
  });

  it('deploys in one deployment, creating the group, with references wired by ARM', async () => {
    const before = deploymentPuts();
    const result = await deploy();
    for (const [id, outcome] of result.outcomes)
      expect(outcome, id).toMatchObject({ status: 'succeeded' });
    expect(deploymentPuts() - before).toBe(1);
    const subnet = await testbed.resources.resources.getById(
      armId('Microsoft.Network/virtualNetworks', 'shop-net/subnets/apps'),
      '2023-09-01',
    );
    expect(subnet.properties).toMatchObject({
      addressPrefix: '10.20.1.0/24',
      networkSecurityGroup: { id: armId('Microsoft.Network/networkSecurityGroups', 'shop-web') },
    });
    const identity = await testbed.resources.resources.getById(
      armId('Microsoft.ManagedIdentity/userAssignedIdentities', 'shop-worker'),
      '2023-01-31',
    );
    expect(identity.tags).toMatchObject({
      blob: 'https://shopdata.blob.core.windows.net/',
      'kusion-project': 'shop',
      'kusion-stack': 'dev',
      'kusion-workspace': 'test',
    });
    const storage = result.outcomes.get(STORAGE);
    expect(storage?.status === 'succeeded' ? storage.attributes : undefined).toMatchObject({
      id: armId('Microsoft.Storage/storageAccounts', 'shopdata'),
      properties: { primaryEndpoints: { blob: 'https://shopdata.blob.core.windows.net/' } },
    });
    expect(reports).toContain(`${CONTAINER}: created`);
  });

  it('plans no change right after, and reads back exactly what was recorded', async () => {
    expect(Object.values(await actions())).toEqual(Array(6).fill('UnChanged'));
    const live = await driver.read(networkStack());
    for (const [id, state] of driver.state) expect(live.get(id), id).toEqual(state.attributes);
  });

  it('plans a property change as an Update with what-if property changes as the diff', async () => {
    const { changes } = await driver.plan(networkStack({ accessTier: 'Cool' }));
    expect(changes.get(STORAGE)).toMatchObject({
      action: 'Update',
      diff: [{ path: 'properties.accessTier', kind: 'change', before: 'Hot', after: 'Cool' }],
    });
    expect(changes.get(VNET)?.action).toBe('UnChanged');
    await deploy(networkStack({ accessTier: 'Cool' }));
    expect(Object.values(await actions(networkStack({ accessTier: 'Cool' })))).toEqual(
      Array(6).fill('UnChanged'),
    );
  });

  it('finds drift by id: a property changed outside Kusion', async () => {
    const id = armId('Microsoft.Storage/storageAccounts', 'shopdata');
    const account = await testbed.resources.resources.getById(id, '2023-01-01');
    await testbed.resources.resources
      .createOrUpdateById(id, '2023-01-01', {
        ...account,
        properties: { ...account.properties, accessTier: 'Hot' },
      })
      .pollUntilDone();
    const live = await driver.read(networkStack());
    expect(live.get(STORAGE)).toMatchObject({ properties: { accessTier: 'Hot' } });
    expect(driver.state.get(STORAGE)?.attributes).toMatchObject({
      properties: { accessTier: 'Cool' },
    });
    await deploy(networkStack({ accessTier: 'Cool' }));
  });

  it('deletes a resource removed from the spec by id after the deployment', async () => {
    const shrunk = networkStack({ accessTier: 'Cool', withIdentity: false });
    expect((await actions(shrunk))[IDENTITY]).toBe('Delete');
    const result = await deploy(shrunk);
    expect(result.outcomes.get(IDENTITY)).toEqual({ status: 'deleted' });
    const deletes = testbed.arm.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => request.path)).toEqual([
      expect.stringMatching(/userAssignedIdentities\/shop-worker$/i),
    ]);
  });

  it('fails a deploy with the failing resource and ARM code and message; the rest is deployed', async () => {
    testbed.arm.controls.failResource({
      resource: 'shop-web',
      code: 'SecurityRuleConflict',
      message: 'Security rule https-in conflicts with rule deny-all.',
      times: 1,
    });
    const result = await deploy(networkStack({ accessTier: 'Hot', withIdentity: false }));
    expect(result.outcomes.get(NSG)).toEqual({
      status: 'failed',
      error: 'SecurityRuleConflict: Security rule https-in conflicts with rule deny-all.',
    });
    expect(result.outcomes.get(STORAGE)).toMatchObject({ status: 'succeeded' });
    expect(result.outcomes.get(SUBNET)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^not deployed/),
    });
    expect(io.messages.map((message) => message.message).join('\n')).toContain(
      `${NSG}: SecurityRuleConflict: Security rule https-in conflicts with rule deny-all.`,
    );
  });

  it('retries throttled requests (429 with Retry-After) and succeeds', async () => {
    testbed.arm.controls.failRequests({
      path: '/deployments/',
      status: 429,
      count: 2,
      retryAfterSeconds: 0,
    });
    const result = await deploy(networkStack({ accessTier: 'Hot', withIdentity: false }));
    for (const [id, outcome] of result.outcomes)
      expect(outcome, id).toMatchObject({ status: 'succeeded' });
    expect(testbed.arm.requests.filter((request) => request.status === 429)).toHaveLength(2);
  });

  it('destroys every resource by id, dependents first, and keeps the group', async () => {
    const result = await driver.delete();
    for (const [id, outcome] of result.outcomes) expect(outcome, id).toEqual({ status: 'deleted' });
    const live = await driver.read(networkStack());
    expect([...live.values()].every((value) => value === undefined)).toBe(true);
    expect(await testbed.resources.resourceGroups.checkExistence(GROUP)).toMatchObject({
      body: true,
    });
    expect((await driver.delete()).outcomes.size).toBe(0);
  });
});

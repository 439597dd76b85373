/**
 * Deployments that fail (injected failures, resource provider errors found at deployment time,
 * preflight), update what exists, and the deployment life cycle: validate, cancel, list, delete.
 */
import type {
  DeploymentExtended,
  DeploymentOperation,
  DeploymentParameter,
} from '@azure/arm-resourcesdeployments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, FAST, rawRequest, startTestbed, storageAccount, template } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;
let group = '';
let counter = 0;

beforeAll(async () => {
  testbed = await startTestbed();
});
afterAll(() => testbed.emulator.close());
beforeEach(async () => {
  testbed.emulator.controls.clearFaults();
  testbed.emulator.controls.configure({ runningPolls: 1 });
  counter += 1;
  group = `deployments-${counter}`;
  await testbed.resources.resourceGroups.createOrUpdate(group, { location: 'northeurope' });
});

function deploy(
  body: Record<string, unknown>,
  parameters: Record<string, DeploymentParameter> = {},
  name = 'stack',
): Promise<DeploymentExtended> {
  return testbed.deployments.deployments.createOrUpdate(
    group,
    name,
    { properties: { mode: 'Incremental', template: body, parameters } },
    FAST,
  );
}

async function operations(name = 'stack'): Promise<DeploymentOperation[]> {
  const list: DeploymentOperation[] = [];
  for await (const operation of testbed.deployments.deploymentOperations.list(group, name))
    list.push(operation);
  return list;
}

describe('order and failures', () => {
  it('fails an injected resource with its code and message, skips its dependents, deploys the rest', async () => {
    testbed.emulator.controls.failResource({
      resource: 'faildata',
      code: 'StorageAccountAlreadyTaken',
      message: 'The storage account named faildata is already taken.',
      status: 409,
    });
    const body = template([
      storageAccount('faildata'),
      {
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        apiVersion: '2023-01-01',
        name: 'faildata/default/logs',
        dependsOn: ['faildata'],
        properties: {},
      },
      storageAccount('okdata'),
    ]);
    const failure = await failureOf(deploy(body));
    expect(failure.message).toContain('DeploymentFailed');

    const deployment = await testbed.deployments.deployments.get(group, 'stack');
    const accountId = `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/faildata`;
    expect(deployment.properties).toMatchObject({
      provisioningState: 'Failed',
      error: {
        code: 'DeploymentFailed',
        message: expect.stringContaining('At least one resource deployment operation failed'),
        details: [
          {
            code: 'StorageAccountAlreadyTaken',
            message: 'The storage account named faildata is already taken.',
            target: accountId,
          },
        ],
      },
    });
    expect(deployment.properties?.outputResources?.map(({ id }) => id?.split('/').at(-1))).toEqual([
      'okdata',
    ]);
    const list = await operations();
    expect(
      list.map((operation) => [
        operation.properties?.targetResource?.resourceName,
        operation.properties?.provisioningState,
      ]),
    ).toEqual([
      ['faildata', 'Failed'],
      ['okdata', 'Succeeded'],
    ]);
    expect(list[0]?.properties).toMatchObject({
      statusCode: 'Conflict',
      statusMessage: {
        status: 'Failed',
        error: {
          code: 'StorageAccountAlreadyTaken',
          message: 'The storage account named faildata is already taken.',
        },
      },
    });
  });

  it('fails a child whose parent is created in the same wave (missing dependsOn) with ParentResourceNotFound', async () => {
    await failureOf(
      deploy(
        template([
          storageAccount('orphandata'),
          {
            type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
            apiVersion: '2023-01-01',
            name: 'orphandata/default/logs',
            properties: {},
          },
        ]),
      ),
    );
    const failed = (await operations()).find(
      (operation) => operation.properties?.provisioningState === 'Failed',
    );
    expect(failed?.properties).toMatchObject({
      statusCode: 'NotFound',
      targetResource: { resourceName: 'orphandata/default/logs' },
      statusMessage: { error: { code: 'ParentResourceNotFound' } },
    });
  });

  it('reports a resource provider error found at deployment time (reference to a resource not deployed)', async () => {
    const failure = await failureOf(
      deploy(
        template([
          storageAccount('refdata'),
          {
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
            apiVersion: '2023-01-31',
            name: 'early',
            location: '[resourceGroup().location]',
            tags: {
              blob: "[reference(resourceId('Microsoft.Storage/storageAccounts', 'refdata'), '2023-01-01').primaryEndpoints.blob]",
            },
          },
        ]),
      ),
    );
    expect(failure.message).toContain('DeploymentFailed');
    const failed = (await operations()).find(
      (operation) => operation.properties?.provisioningState === 'Failed',
    );
    expect(failed?.properties?.statusMessage?.error?.code).toBe('ResourceNotFound');
  });

  it('updates resources that exist (PUT semantics) and reports OK', async () => {
    await deploy(template([storageAccount('updata', { accessTier: 'Hot' })]));
    const second = await deploy(
      template([storageAccount('updata', { accessTier: 'Cool' })]),
      {},
      'second',
    );
    expect(second.properties?.provisioningState).toBe('Succeeded');
    expect((await operations('second'))[0]?.properties?.statusCode).toBe('OK');
    const account = await testbed.resources.resources.getById(
      `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/updata`,
      '2023-01-01',
    );
    expect(account.properties).toMatchObject({ accessTier: 'Cool' });
  });

  it('fails preflight for a body the resource provider rejects, before anything is deployed', async () => {
    const failure = await failureOf(
      deploy(template([storageAccount('gooddata'), storageAccount('Bad-Name')])),
    );
    expect(failure).toMatchObject({ statusCode: 400, code: 'InvalidTemplateDeployment' });
    const list = [];
    for await (const resource of testbed.resources.resources.listByResourceGroup(group))
      list.push(resource);
    expect(list).toEqual([]);
  });
});

describe('validate, cancel, list, delete', () => {
  it('validates a template (200 with the validated resources) and rejects an invalid one', async () => {
    const result = await testbed.deployments.deployments.validate(group, 'check', {
      properties: { mode: 'Incremental', template: template([storageAccount('validdata')]) },
    });
    expect(result.properties).toMatchObject({
      provisioningState: 'Succeeded',
      validatedResources: [{ id: expect.stringMatching(/storageAccounts\/validdata$/) }],
    });
    // A 400 ends the SDK's validate poller as failed (core-lro does not read the body of a
    // first answer), so the error body is checked raw.
    const start = testbed.emulator.requests.length;
    await expect(
      testbed.deployments.deployments.validate(group, 'check', {
        properties: { mode: 'Incremental', template: template([storageAccount('Bad-Name')]) },
      }),
    ).rejects.toThrow('The long-running operation has failed');
    expect(
      testbed.emulator.requests.slice(start).map(({ method, status }) => `${method} ${status}`),
    ).toEqual(['POST 400']);
    const answer = await rawRequest(
      testbed.emulator,
      'POST',
      `/subscriptions/${testbed.subscriptionId}/resourcegroups/${group}/providers/Microsoft.Resources/deployments/check/validate?api-version=2026-06-01`,
      {
        token: await testbed.emulator.controls.issueToken(),
        body: JSON.stringify({
          properties: { mode: 'Incremental', template: template([storageAccount('Bad-Name')]) },
        }),
      },
    );
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'InvalidTemplateDeployment',
          details: [
            {
              code: 'AccountNameInvalid',
              target: expect.stringMatching(/storageAccounts\/Bad-Name$/),
            },
          ],
        },
      },
    });
    expect(await testbed.deployments.deployments.checkExistence(group, 'check')).toEqual({
      body: false,
    });
  });

  it('cancels a running deployment (204), then answers 409 DeploymentCannotBeCancelled', async () => {
    testbed.emulator.controls.configure({ runningPolls: 1000 });
    // Only the PUT: the poller is submitted, not followed.
    await testbed.deployments.deployments
      .createOrUpdate(
        group,
        'slow',
        { properties: { mode: 'Incremental', template: template([storageAccount('slowdata')]) } },
        FAST,
      )
      .submitted();
    expect(
      (await testbed.deployments.deployments.get(group, 'slow')).properties?.provisioningState,
    ).toBe('Running');
    const again = await failureOf(
      testbed.deployments.deployments
        .createOrUpdate(
          group,
          'slow',
          { properties: { mode: 'Incremental', template: template([]) } },
          FAST,
        )
        .submitted(),
    );
    expect(again).toMatchObject({ statusCode: 409, code: 'DeploymentActive' });
    await testbed.deployments.deployments.cancel(group, 'slow');
    expect(
      (await testbed.deployments.deployments.get(group, 'slow')).properties?.provisioningState,
    ).toBe('Canceled');
    expect(await failureOf(testbed.deployments.deployments.cancel(group, 'slow'))).toMatchObject({
      statusCode: 409,
      code: 'DeploymentCannotBeCancelled',
    });
    expect(await operations('slow')).toEqual([]);
  });

  it('lists, checks and deletes deployments', async () => {
    await deploy(template([]), {}, 'one');
    await deploy(template([]), {}, 'two');
    const names = [];
    for await (const deployment of testbed.deployments.deployments.listByResourceGroup(group))
      names.push(deployment.name);
    expect(names).toEqual(['one', 'two']);
    expect(await failureOf(testbed.deployments.deployments.get(group, 'three'))).toMatchObject({
      statusCode: 404,
      code: 'DeploymentNotFound',
    });
    await testbed.deployments.deployments.delete(group, 'one', FAST);
    expect(await testbed.deployments.deployments.checkExistence(group, 'one')).toEqual({
      body: false,
    });
  });
});

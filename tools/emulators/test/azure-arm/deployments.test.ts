/**
 * Template deployments through `@azure/arm-resourcesdeployments`: the template language the
 * provider generates, dependency order, failures (the resource provider's and injected ones) and
 * how ARM reports them, secure parameters, validate, cancel, listings.
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

const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2024-05-01',
  name: "[variables('network')]",
  location: '[resourceGroup().location]',
  properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
};

describe('the template language', () => {
  it('evaluates parameters, variables, resourceId, reference, concat, format, resourceGroup and subscription', async () => {
    const deployment = await deploy(
      template(
        [
          storageAccount("[parameters('account')]", { accessTier: "[variables('tier')]" }),
          {
            type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
            apiVersion: '2023-01-01',
            name: "[format('{0}/default/{1}', parameters('account'), 'uploads')]",
            dependsOn: ["[resourceId('Microsoft.Storage/storageAccounts', parameters('account'))]"],
            properties: {},
          },
          vnet,
          {
            type: 'Microsoft.Network/virtualNetworks/subnets',
            apiVersion: '2024-05-01',
            name: "[concat(variables('network'), '/apps')]",
            dependsOn: ["[variables('network')]"],
            properties: { addressPrefix: '10.1.1.0/24' },
          },
          {
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
            apiVersion: '2023-01-31',
            name: 'app-identity',
            location: "[parameters('location')]",
            tags: {
              subscription: '[subscription().subscriptionId]',
              group: '[resourceGroup().name]',
              literal: '[[not an expression]',
            },
          },
        ],
        {
          parameters: {
            account: { type: 'string' },
            location: { type: 'string', defaultValue: '[resourceGroup().location]' },
          },
          variables: { tier: 'Cool', network: "[concat('net-', parameters('location'))]" },
          outputs: {
            blob: {
              type: 'string',
              value: "[reference(parameters('account')).primaryEndpoints.blob]",
            },
            blobById: {
              type: 'string',
              value:
                "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('account')), '2023-01-01', 'Full').properties.primaryEndpoints['blob']]",
            },
            subnetId: {
              type: 'string',
              value:
                "[resourceId(subscription().subscriptionId, resourceGroup().name, 'Microsoft.Network/virtualNetworks/subnets', variables('network'), 'apps')]",
            },
            principal: { type: 'string', value: "[reference('app-identity').principalId]" },
            skuTier: {
              type: 'string',
              value: "[reference(parameters('account'), '2023-01-01', 'Full').sku.tier]",
            },
            count: { type: 'int', value: 3 },
            flag: { type: 'bool', value: '[true()]' },
            location: { type: 'string', value: '[resourceGroup().location]' },
          },
        },
      ),
      { account: { value: 'langdata' } },
    );
    const base = `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers`;
    expect(deployment.properties).toMatchObject({
      provisioningState: 'Succeeded',
      mode: 'Incremental',
      outputs: {
        blob: { type: 'String', value: 'https://langdata.blob.core.windows.net/' },
        blobById: { type: 'String', value: 'https://langdata.blob.core.windows.net/' },
        subnetId: {
          type: 'String',
          value: `${base}/Microsoft.Network/virtualNetworks/net-northeurope/subnets/apps`,
        },
        principal: { type: 'String', value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        skuTier: { type: 'String', value: 'Standard' },
        count: { type: 'Int', value: 3 },
        flag: { type: 'Bool', value: true },
        location: { type: 'String', value: 'northeurope' },
      },
      parameters: {
        account: { type: 'String', value: 'langdata' },
        location: { type: 'String', value: 'northeurope' },
      },
    });
    expect(deployment.properties?.outputResources?.map(({ id }) => id)).toEqual([
      `${base}/Microsoft.Storage/storageAccounts/langdata`,
      `${base}/Microsoft.Network/virtualNetworks/net-northeurope`,
      `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/app-identity`,
      `${base}/Microsoft.Storage/storageAccounts/langdata/blobServices/default/containers/uploads`,
      `${base}/Microsoft.Network/virtualNetworks/net-northeurope/subnets/apps`,
    ]);
    const identity = await testbed.resources.resources.getById(
      `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/app-identity`,
      '2023-01-31',
    );
    expect(identity.tags).toEqual({
      subscription: testbed.subscriptionId,
      group,
      literal: '[not an expression]',
    });
    const account = await testbed.resources.resources.getById(
      `${base}/Microsoft.Storage/storageAccounts/langdata`,
      '2023-01-01',
    );
    expect(account.properties).toMatchObject({ accessTier: 'Cool' });

    const list = await operations();
    expect(
      list.map((operation) => [
        operation.properties?.provisioningOperation,
        operation.properties?.targetResource?.resourceName,
      ]),
    ).toEqual([
      ['Create', 'langdata'],
      ['Create', 'net-northeurope'],
      ['Create', 'app-identity'],
      ['Create', 'langdata/default/uploads'],
      ['Create', 'net-northeurope/apps'],
      ['EvaluateDeploymentOutput', undefined],
    ]);
    expect(list[0]?.properties).toMatchObject({
      provisioningState: 'Succeeded',
      statusCode: 'Created',
      targetResource: {
        id: `${base}/Microsoft.Storage/storageAccounts/langdata`,
        resourceType: 'Microsoft.Storage/storageAccounts',
      },
    });
  });

  it('rejects a function it does not support with InvalidTemplate naming the function and where it is', async () => {
    const failure = await failureOf(
      deploy(template([storageAccount("[concat('data', uniqueString(resourceGroup().id))]")])),
    );
    expect(failure).toMatchObject({ statusCode: 400, code: 'InvalidTemplate' });
    expect(failure.message).toContain("The template function 'uniqueString' is not valid");
    expect(failure.message).toContain("'resources[0].name'");
  });

  it('rejects a dependsOn naming no template resource', async () => {
    const failure = await failureOf(
      deploy(
        template([
          {
            ...storageAccount('depdata'),
            dependsOn: ["[resourceId('Microsoft.Network/virtualNetworks', 'ghost')]"],
          },
        ]),
      ),
    );
    expect(failure).toMatchObject({ statusCode: 400, code: 'InvalidTemplate' });
    expect(failure.message).toContain(
      `The resource '/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/ghost' is not defined in the template`,
    );
  });

  it('rejects dependency cycles, missing and unknown parameters, syntax errors and unsupported template features', async () => {
    const cycle = await failureOf(
      deploy(
        template([
          { ...storageAccount('cyclea'), dependsOn: ['cycleb'] },
          { ...storageAccount('cycleb'), dependsOn: ['cyclea'] },
        ]),
      ),
    );
    expect(cycle.message).toContain('Circular dependency detected on resource');
    const missing = await failureOf(
      deploy(template([], { parameters: { needed: { type: 'string' } } })),
    );
    expect(missing.message).toContain("The value for the template parameter 'needed'");
    const unknown = await failureOf(deploy(template([]), { surprise: { value: 1 } }));
    expect(unknown.message).toContain(
      "The template parameters 'surprise' in the parameters file are not valid",
    );
    const wrongType = await failureOf(
      deploy(template([], { parameters: { count: { type: 'int' } } }), {
        count: { value: 'three' },
      }),
    );
    expect(wrongType.message).toContain("Expected 'Integer'. Actual 'String'.");
    const syntax = await failureOf(deploy(template([storageAccount("[parameters('x']")])));
    expect(syntax).toMatchObject({ code: 'InvalidTemplate' });
    expect(syntax.message).toContain("The language expression 'parameters('x'' is not valid");
    const copy = await failureOf(
      deploy(template([{ ...storageAccount('copied'), copy: { name: 'c', count: 2 } }])),
    );
    expect(copy.message).toContain("uses 'copy', which the ARM emulator does not support");
  });

  it('rejects Complete mode and unknown api-versions', async () => {
    const complete = await failureOf(
      testbed.deployments.deployments.createOrUpdate(
        group,
        'stack',
        { properties: { mode: 'Complete', template: template([]) } },
        FAST,
      ),
    );
    expect(complete).toMatchObject({ statusCode: 400, code: 'UnsupportedDeploymentMode' });
    const version = await failureOf(
      deploy(template([{ ...storageAccount('oldapi'), apiVersion: '2001-01-01' }])),
    );
    expect(version).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
  });

  it('never echoes secure parameters', async () => {
    const deployment = await deploy(
      template(
        [
          {
            type: 'Microsoft.DBforPostgreSQL/flexibleServers',
            apiVersion: '2024-08-01',
            name: 'secure-pg',
            location: '[resourceGroup().location]',
            sku: { name: 'Standard_B1ms', tier: 'Burstable' },
            properties: {
              administratorLogin: 'kusion',
              administratorLoginPassword: "[parameters('password')]",
            },
          },
        ],
        {
          parameters: { password: { type: 'securestring' }, login: { type: 'string' } },
          outputs: { secret: { type: 'securestring', value: "[parameters('password')]" } },
        },
      ),
      { password: { value: 'Very$ecret-42' }, login: { value: 'kusion' } },
    );
    expect(deployment.properties?.parameters).toEqual({
      password: { type: 'SecureString' },
      login: { type: 'String', value: 'kusion' },
    });
    expect(deployment.properties?.outputs).toEqual({ secret: { type: 'SecureString' } });
    const token = await testbed.emulator.controls.issueToken();
    const paths = [
      `/subscriptions/${testbed.subscriptionId}/resourcegroups/${group}/providers/Microsoft.Resources/deployments/stack`,
      `/subscriptions/${testbed.subscriptionId}/resourcegroups/${group}/deployments/stack/operations`,
      `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers/Microsoft.DBforPostgreSQL/flexibleServers/secure-pg`,
    ];
    for (const path of paths) {
      const answer = await rawRequest(
        testbed.emulator,
        'GET',
        `${path}?api-version=2024-08-01`.replace(
          '2024-08-01',
          path.includes('DBfor') ? '2024-08-01' : '2025-04-01',
        ),
        { token },
      );
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain('Very$ecret-42');
    }
  });

  it('resolves secure parameters into the resources, and exports the template without their values', async () => {
    const submitted = template(
      [
        {
          type: 'Microsoft.DBforPostgreSQL/flexibleServers',
          apiVersion: '2024-08-01',
          name: 'secure-export',
          location: '[resourceGroup().location]',
          sku: { name: 'Standard_B1ms', tier: 'Burstable' },
          properties: {
            administratorLogin: "[parameters('login').value]",
            administratorLoginPassword: "[parameters('password')]",
            storage: "[parameters('storage')]",
          },
        },
      ],
      {
        parameters: {
          password: { type: 'secureString' },
          login: { type: 'secureObject' },
          storage: { type: 'secureObject' },
        },
      },
    );
    const secrets = {
      password: { value: 'Export$ecret-77' },
      login: { value: { value: 'exported-admin' } },
      storage: { value: { storageSizeGB: 96 } },
    };
    const deployment = await deploy(submitted, secrets, 'secure-export');
    expect(deployment.properties?.provisioningState).toBe('Succeeded');
    expect(deployment.properties?.parameters).toEqual({
      password: { type: 'SecureString' },
      login: { type: 'SecureObject' },
      storage: { type: 'SecureObject' },
    });
    // The values reached the resource: parameters() resolved them, `.value` of a secure object too.
    const server = await testbed.resources.resources.getById(
      `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}/providers/Microsoft.DBforPostgreSQL/flexibleServers/secure-export`,
      '2024-08-01',
    );
    expect(server.properties).toMatchObject({
      administratorLogin: 'exported-admin',
      storage: { storageSizeGB: 96 },
    });
    expect(JSON.stringify(server)).not.toContain('Export$ecret-77');

    const exported = await testbed.deployments.deployments.exportTemplate(group, 'secure-export');
    expect(exported.template).toEqual(submitted);
    const text = JSON.stringify(exported);
    for (const secret of ['Export$ecret-77', 'exported-admin', 'storageSizeGB'])
      expect(text).not.toContain(secret);
    const fetched = JSON.stringify(
      await testbed.deployments.deployments.get(group, 'secure-export'),
    );
    for (const secret of ['Export$ecret-77', 'exported-admin', 'storageSizeGB'])
      expect(fetched).not.toContain(secret);

    // What-if of the same deployment answers from the resolved values and shows no password.
    const whatIf = await testbed.deployments.deployments.whatIf(
      group,
      'secure-export',
      { properties: { mode: 'Incremental', template: submitted, parameters: secrets } },
      FAST,
    );
    expect(whatIf.changes?.map((change) => change.changeType)).toEqual(['NoChange']);
    expect(JSON.stringify(whatIf)).not.toContain('Export$ecret-77');
  });

  it('answers DeploymentNotFound when exporting a deployment that does not exist', async () => {
    await expect(
      testbed.deployments.deployments.exportTemplate(group, 'never-deployed'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'DeploymentNotFound' });
  });

  it('skips resources whose condition is false', async () => {
    const deployment = await deploy(
      template([
        storageAccount('alwaysdata'),
        { ...storageAccount('neverdata'), condition: '[equals(1, 2)]' },
      ]),
    ).catch((error: unknown) => error);
    expect(String(deployment)).toMatch(/equals/);
    const skipped = await deploy(
      template([
        storageAccount('alwaysdata'),
        { ...storageAccount('neverdata'), condition: '[false()]' },
      ]),
    );
    expect(skipped.properties?.outputResources?.map(({ id }) => id?.split('/').at(-1))).toEqual([
      'alwaysdata',
    ]);
  });
});

/** Golden Specs of the postgres module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration } from '@kusion/sdk';
import type { AppConfiguration } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import type { ModuleCase } from '@kusion/testkit/modules';
import plugin, { postgres } from '../src/index.js';

/** A test seed: real workspaces hold `ref://<secret>` here, resolved by the engine. */
const context = { databasePasswordSeed: 'golden-test-seed-not-a-secret-0123' };
const db = (settings: Parameters<typeof postgres>[0] = {}): ModuleCase['part'] => ({
  kind: 'accessory',
  name: 'db',
  value: postgres(settings),
});

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'local', part: db(), platform: { type: 'local' }, context, workspace: 'local' },
    {
      name: 'local-tuned',
      part: db({ version: '15', databaseName: 'orders', envPrefix: 'ORDERS_DB_' }),
      platform: {
        type: 'local',
        username: 'orders',
        size: 50,
        storageClassName: 'fast-ssd',
        image: 'registry.example.com/mirror/postgres:15.6',
        resources: { cpu: '500m-2', memory: '1Gi-2Gi' },
      },
      context,
      workspace: 'local',
      namespace: 'retail',
    },
    {
      name: 'aws',
      part: db({ version: '16.3' }),
      platform: { type: 'aws', instanceType: 'db.t3.micro' },
      workspace: 'aws',
    },
    {
      name: 'aws-tuned',
      part: db({ databaseName: 'orders' }),
      platform: {
        type: 'aws',
        instanceType: 'db.m6g.large',
        username: 'orders',
        size: 100,
        storageType: 'gp3',
        multiAZ: true,
        securityIPs: ['10.20.0.0/16'],
        vpcId: 'vpc-0a1b2c3d',
        subnetGroupName: 'shop-private',
        deletionPolicy: 'Snapshot',
      },
      workspace: 'prod',
    },
    { name: 'azure', part: db(), platform: { type: 'azure' }, context, workspace: 'azure' },
    {
      name: 'azure-tuned',
      part: db({ version: '15', databaseName: 'orders', envPrefix: 'ORDERS_DB_' }),
      platform: {
        type: 'azure',
        sku: 'Standard_D2ds_v5',
        size: 128,
        location: 'westeurope',
        resourceGroup: 'shop-data',
        username: 'orders',
        firewallRules: [
          { name: 'aks-egress', startIpAddress: '20.50.1.10', endIpAddress: '20.50.1.10' },
          { name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' },
        ],
        backupRetentionDays: 14,
        highAvailability: 'ZoneRedundant',
        passwordRef: 'ref://shop-orders-db/password',
      },
      workspace: 'prod',
    },
  ],
});

describe('postgres module', () => {
  it('refuses a local database without a password seed, saying how to add one', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: db(), platform: { type: 'local' } }),
    ).rejects.toThrow(/context\.databasePasswordSeed, which is not set/);
  });

  it('refuses an AWS database without an instance type (when the schema was not checked)', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: db(), platform: { type: 'aws' } }),
    ).rejects.toThrow(
      'workspace modules.postgres.configs: instanceType: is required with type: aws',
    );
  });

  it('refuses an Azure database without a password seed or reference, saying how to add one', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: db(), platform: { type: 'azure' } }),
    ).rejects.toThrow(
      /module postgres \(type: azure\) derives the database password from the workspace's context\.databasePasswordSeed, which is not set/,
    );
  });

  it('refuses an Azure SKU whose tier it cannot tell, and a password that is not a reference', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: db(),
        platform: { type: 'azure', sku: 'Standard_X9' },
        context,
      }),
    ).rejects.toThrow(
      'workspace modules.postgres.configs: tier: cannot be read from sku "Standard_X9"',
    );
    const refused = generateWithModule(plugin, {
      name: 'x',
      part: db(),
      platform: { type: 'azure', passwordRef: 'hunter2-in-clear' },
    });
    await expect(refused).rejects.toThrow(
      'workspace modules.postgres.configs: passwordRef: is not a secret reference (the value is not shown)',
    );
    await expect(refused).rejects.not.toThrow(/hunter2/);
  });

  it('keeps the Azure password under the sensitive paths of the server and the Secret only', async () => {
    const outcome = await generateWithModule(plugin, {
      name: 'x',
      part: db(),
      platform: { type: 'azure' },
      context,
    });
    const server = outcome.resources.find(
      (r) => r.id === 'azure:Microsoft.DBforPostgreSQL/flexibleServers:shop-dev-shop-db',
    );
    const secret = outcome.resources.find((r) => r.id === 'v1:Secret:shop:shop-dev-shop-db');
    expect(server?.extensions?.['sensitivePaths']).toEqual([
      'properties.administratorLoginPassword',
    ]);
    expect(secret?.extensions?.['sensitivePaths']).toEqual(['stringData.password']);
    const password = (server?.attributes['properties'] as { administratorLoginPassword: string })
      .administratorLoginPassword;
    // Azure's complexity rule: three of upper case, lower case, digits, symbols.
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}-Aa1$/);
    expect((secret?.attributes['stringData'] as { password: string }).password).toBe(password);
    const elsewhere = JSON.stringify({
      ...outcome,
      resources: outcome.resources.filter((r) => r !== secret && r !== server),
      request: undefined,
    });
    expect(elsewhere).not.toContain(password);
  });

  it('refuses two databases of one app writing the same DB_* variables', async () => {
    const app: AppConfiguration = appConfiguration({
      accessories: { db: postgres(), analytics: { module: 'mysql' } },
    });
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: db(),
        app,
        platform: { type: 'aws', instanceType: 'db.t3.micro' },
      }),
    ).rejects.toThrow(
      /accessories "db" and "analytics" would both set DB_\* environment variables/,
    );
  });

  it('keeps the local password out of everything but the sensitive path', async () => {
    const outcome = await generateWithModule(plugin, {
      name: 'x',
      part: db(),
      platform: { type: 'local' },
      context,
    });
    const secret = outcome.resources.find((r) => r.id === 'v1:Secret:shop:shop-dev-shop-db');
    expect(secret?.extensions?.['sensitivePaths']).toEqual(['stringData.password']);
    const password = (secret?.attributes['stringData'] as { password: string }).password;
    const elsewhere = JSON.stringify({
      ...outcome,
      resources: outcome.resources.filter((r) => r !== secret),
      request: undefined,
    });
    expect(elsewhere).not.toContain(password);
  });
});

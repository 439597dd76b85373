/** Golden Specs of the mysql module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration } from '@kusion/sdk';
import type { AppConfiguration } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import type { ModuleCase } from '@kusion/testkit/modules';
import plugin, { mysql } from '../src/index.js';

/** A test seed: real workspaces hold `ref://<secret>` here, resolved by the engine. */
const context = { databasePasswordSeed: 'golden-test-seed-not-a-secret-0123' };
const db = (settings: Parameters<typeof mysql>[0] = {}): ModuleCase['part'] => ({
  kind: 'accessory',
  name: 'db',
  value: mysql(settings),
});

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'local', part: db(), platform: { type: 'local' }, context, workspace: 'local' },
    {
      name: 'local-tuned',
      part: db({ version: '8.0', databaseName: 'orders', envPrefix: 'ORDERS_DB_' }),
      platform: {
        type: 'local',
        username: 'orders',
        size: 50,
        storageClassName: 'fast-ssd',
        image: 'registry.example.com/mirror/mysql:8.0.36',
        resources: { cpu: '500m-2', memory: '1Gi-2Gi' },
      },
      context,
      workspace: 'local',
      namespace: 'retail',
    },
    {
      name: 'aws',
      part: db({ version: '8.0.36' }),
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
      part: db({ version: '5.7', databaseName: 'orders' }),
      platform: {
        type: 'azure',
        sku: 'Standard_E2ds_v4',
        size: 100,
        resourceGroup: 'shop-data',
        firewallRules: [
          { name: 'aks-egress', startIpAddress: '20.50.1.10', endIpAddress: '20.50.1.10' },
        ],
        highAvailability: 'SameZone',
      },
      context,
      workspace: 'prod',
    },
  ],
});

describe('mysql module', () => {
  it('refuses a local database without a password seed, saying how to add one', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: db(), platform: { type: 'local' } }),
    ).rejects.toThrow(/context\.databasePasswordSeed, which is not set/);
  });

  it('refuses an AWS database without an instance type (when the schema was not checked)', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: db(), platform: { type: 'aws' } }),
    ).rejects.toThrow('workspace modules.mysql.configs: instanceType: is required with type: aws');
  });

  it("wires the Azure server's FQDN and the MySQL port into the connection Secret", async () => {
    const outcome = await generateWithModule(plugin, {
      name: 'x',
      part: db(),
      platform: { type: 'azure' },
      context,
    });
    const server = 'azure:Microsoft.DBforMySQL/flexibleServers:shop-dev-shop-db';
    expect(outcome.resources.map((r) => r.id)).toEqual([
      server,
      'azure:Microsoft.DBforMySQL/flexibleServers/firewallRules:shop-dev-shop-db/azure-services',
      'azure:Microsoft.DBforMySQL/flexibleServers/databases:shop-dev-shop-db/shop',
      'v1:Secret:shop:shop-dev-shop-db',
    ]);
    const secret = outcome.resources.at(-1);
    expect(secret?.attributes['stringData']).toMatchObject({
      host: `$kusion_path.${server}.properties.fullyQualifiedDomainName`,
      port: '3306',
    });
  });

  it('refuses two databases of one app writing the same DB_* variables', async () => {
    const app: AppConfiguration = appConfiguration({
      accessories: { db: mysql(), analytics: { module: 'postgres' } },
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

/** Golden Specs of the bucket module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration, service } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { bucket } from '../src/index.js';

const part = (value: object) => ({ kind: 'accessory' as const, name: 'assets', value });

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'aws', part: part(bucket()), platform: { type: 'aws' } },
    {
      name: 'aws-kms-retained',
      part: part(
        bucket({ bucketName: 'shop-assets-prod', versioning: true, envPrefix: 'ASSETS_' }),
      ),
      platform: {
        type: 'aws',
        encryption: 'aws:kms',
        kmsKeyId: 'alias/shop',
        deletionPolicy: 'Retain',
      },
      workspace: 'prod',
    },
    { name: 'azure', part: part(bucket()), platform: { type: 'azure' }, workspace: 'azure' },
    {
      name: 'azure-versioned',
      part: part(bucket({ bucketName: 'shop-assets', versioning: true, envPrefix: 'ASSETS_' })),
      platform: {
        type: 'azure',
        accountName: 'shopassetsprod',
        sku: 'Standard_ZRS',
        accessTier: 'Cool',
        location: 'westeurope',
        resourceGroup: 'shop-data',
      },
      workspace: 'prod',
    },
  ],
});

describe('bucket module', () => {
  it('refuses a platform it does not know, naming the ones it does', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(bucket()), platform: { type: 'gcp' } }),
    ).rejects.toThrow(
      'workspace modules.bucket.configs: type: "gcp" is not a platform this module knows',
    );
  });

  it('refuses S3-only settings and an S3-style name on Azure, saying what to do', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(bucket()),
        platform: { type: 'azure', encryption: 'aws:kms' },
      }),
    ).rejects.toThrow(
      'workspace modules.bucket.configs: encryption: is an S3 setting, and this workspace says type: azure',
    );
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(bucket({ bucketName: 'shop.assets' })),
        platform: { type: 'azure' },
      }),
    ).rejects.toThrow(
      'apps.shop.accessories.assets.bucketName: "shop.assets" is not a blob container name',
    );
  });

  it("names storage accounts within Azure's 24 characters, differently per workspace", async () => {
    const accountOf = async (workspace: string, name: string) => {
      const outcome = await generateWithModule(plugin, {
        name: 'x',
        part: { ...part(bucket()), name },
        platform: { type: 'azure' },
        workspace,
      });
      return outcome.resources[0]?.id ?? '';
    };
    const dev = await accountOf('dev', 'customer-uploads-archive');
    const prod = await accountOf('prod', 'customer-uploads-archive');
    const accountName = (id: string) => id.split(':').at(-1) ?? '';
    expect(accountName(dev)).toMatch(/^[a-z0-9]{3,24}$/);
    expect(accountName(dev)).not.toBe(accountName(prod));
  });

  it('refuses two buckets of one app writing the same variables', async () => {
    const app = appConfiguration({
      workload: service({ containers: { web: { image: 'w' } } }),
      accessories: { assets: bucket(), uploads: bucket() },
    });
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(bucket()),
        app,
        platform: { type: 'aws' },
      }),
    ).rejects.toThrow(
      /accessories "assets" and "uploads" would both set BUCKET_\* environment variables/,
    );
  });
});

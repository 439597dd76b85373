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
  ],
});

describe('bucket module', () => {
  it('refuses a platform it does not know (Azure comes with the Azure provider)', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(bucket()), platform: { type: 'azure' } }),
    ).rejects.toThrow(
      'workspace modules.bucket.configs: type: "azure" is not a platform this module knows',
    );
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

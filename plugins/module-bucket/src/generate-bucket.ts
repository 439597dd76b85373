/**
 * `bucket`: object storage for an app, on the platform the workspace names — S3 (`type: aws`) or
 * an Azure storage account with a blob container (`type: azure`) — whose name and endpoint reach
 * every container of the workload as environment variables.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import { appSettingError, envPrefixOf, platformSettingError } from '@kusion/module-kit';
import { generateAwsBucket } from './aws-bucket.js';
import { generateAzureBucket } from './azure-bucket.js';
import type { BucketPlatformSettings, BucketSettings } from './bucket-settings.js';

export function generateBucket(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the bucket module generates an accessory of an app, not its workload',
    );
  }
  const settings = request.part.value as unknown as BucketSettings;
  // Read as written: the schema may not have run (a script calling generate directly).
  const platform = request.platform as Omit<BucketPlatformSettings, 'type'> & {
    readonly type?: unknown;
  };
  switch (platform.type) {
    case 'aws':
      return generateAwsBucket(request, settings, platform, prefixOf(request));
    case 'azure':
      return generateAzureBucket(request, settings, platform, prefixOf(request));
    default:
      throw platformSettingError(
        'bucket',
        'type',
        `${JSON.stringify(platform.type)} is not a platform this module knows`,
        'set modules.bucket.configs.default.type: aws (S3) or azure (a storage account and a blob container)',
      );
  }
}

function prefixOf(request: ModuleGenerateRequest): string {
  return envPrefixOf(request, 'BUCKET_', ['bucket']);
}

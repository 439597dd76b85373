/**
 * `bucket`: an S3 bucket through CloudFormation (`@kusion/provider-aws`), encrypted and closed to
 * the public by default, whose name, ARN and regional endpoint reach the workload's env as
 * `$kusion_path` references — resolved at apply time from the deployed bucket, across providers.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import {
  accessoryName,
  appSettingError,
  awsAttribute,
  awsResource,
  envPrefixOf,
  platformSettingError,
} from '@kusion/module-kit';
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
  if (platform.type !== 'aws') {
    throw platformSettingError(
      'bucket',
      'type',
      `${JSON.stringify(platform.type)} is not a platform this module knows`,
      'set modules.bucket.configs.default.type: aws',
    );
  }
  const prefix = envPrefixOf(request, 'BUCKET_', ['bucket']);
  const encryption = platform.encryption ?? 'AES256';
  const isBlocked = platform.blockPublicAccess ?? true;
  const bucket = awsResource(
    'AWS::S3::Bucket',
    accessoryName(request),
    {
      BucketName: settings.bucketName,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: encryption,
              KMSMasterKeyID: encryption === 'aws:kms' ? platform.kmsKeyId : undefined,
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: isBlocked,
        BlockPublicPolicy: isBlocked,
        IgnorePublicAcls: isBlocked,
        RestrictPublicBuckets: isBlocked,
      },
      VersioningConfiguration: settings.versioning ? { Status: 'Enabled' } : undefined,
    },
    { deletionPolicy: platform.deletionPolicy },
  );
  return {
    resources: [bucket],
    patcher: {
      environments: [
        { name: `${prefix}NAME`, value: awsAttribute(bucket, 'Ref') },
        { name: `${prefix}ARN`, value: awsAttribute(bucket, 'Arn') },
        { name: `${prefix}ENDPOINT`, value: awsAttribute(bucket, 'RegionalDomainName') },
      ],
    },
  };
}

/**
 * `type: aws`: an S3 bucket through CloudFormation (`@kusion/provider-aws`), encrypted and closed to
 * the public by default, whose name, ARN and regional endpoint reach the workload's env as
 * `$kusion_path` references — resolved at apply time from the deployed bucket, across providers.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import { accessoryName, awsAttribute, awsResource } from '@kusion/module-kit';
import type { BucketPlatformSettings, BucketSettings } from './bucket-settings.js';

export function generateAwsBucket(
  request: ModuleGenerateRequest,
  settings: BucketSettings,
  platform: Omit<BucketPlatformSettings, 'type'>,
  prefix: string,
): ModuleGenerateResult {
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

/**
 * `type: aws`: an SQS queue through CloudFormation (`@kusion/provider-aws`), encrypted (SQS-managed
 * keys unless the platform names a KMS key), with an optional dead-letter queue wired by its ARN.
 * URL, ARN and name reach the workload's env as `$kusion_path` references, resolved at apply time
 * from the deployed queues, across providers.
 */
import type { EnvVar, ModuleGenerateResult, Resource } from '@kusion/sdk';
import { awsAttribute, awsResource } from '@kusion/module-kit';
import type { QueueInput } from './queue-input.js';

const DEAD_LETTER_RETENTION = 1209600;

export function generateAwsQueue(input: QueueInput): ModuleGenerateResult {
  const { settings, platform, name, envPrefix: prefix, deadLetter } = input;
  const encryption = platform.kmsMasterKeyId
    ? { KmsMasterKeyId: platform.kmsMasterKeyId }
    : { SqsManagedSseEnabled: true };
  const options = { deletionPolicy: platform.deletionPolicy };

  const resources: Resource[] = [];
  const environments: EnvVar[] = [];
  let redrivePolicy: Record<string, unknown> | undefined;
  if (deadLetter) {
    const dlq = awsResource(
      'AWS::SQS::Queue',
      `${name}-dlq`,
      {
        MessageRetentionPeriod: deadLetter.messageRetentionPeriod ?? DEAD_LETTER_RETENTION,
        ...encryption,
      },
      options,
    );
    resources.push(dlq);
    redrivePolicy = {
      deadLetterTargetArn: awsAttribute(dlq, 'Arn'),
      maxReceiveCount: deadLetter.maxReceiveCount,
    };
    environments.push(
      { name: `${prefix}DLQ_URL`, value: awsAttribute(dlq, 'QueueUrl') },
      { name: `${prefix}DLQ_ARN`, value: awsAttribute(dlq, 'Arn') },
    );
  }
  const queue = awsResource(
    'AWS::SQS::Queue',
    name,
    {
      VisibilityTimeout: input.visibilityTimeout,
      MessageRetentionPeriod: settings.messageRetentionPeriod ?? platform.messageRetentionPeriod,
      DelaySeconds: settings.delaySeconds,
      RedrivePolicy: redrivePolicy,
      ...encryption,
    },
    options,
  );
  resources.unshift(queue);
  environments.unshift(
    { name: `${prefix}URL`, value: awsAttribute(queue, 'QueueUrl') },
    { name: `${prefix}ARN`, value: awsAttribute(queue, 'Arn') },
    { name: `${prefix}NAME`, value: awsAttribute(queue, 'QueueName') },
  );
  return { resources, patcher: { environments } };
}

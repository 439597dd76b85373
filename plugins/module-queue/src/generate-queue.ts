/**
 * `queue`: an SQS queue through CloudFormation (`@kusion/provider-aws`), encrypted (SQS-managed
 * keys unless the platform names a KMS key), with an optional dead-letter queue wired by its ARN.
 * URL, ARN and name reach the workload's env as `$kusion_path` references, resolved at apply time
 * from the deployed queues, across providers.
 */
import type { EnvVar, ModuleGenerateRequest, ModuleGenerateResult, Resource } from '@kusion/sdk';
import {
  accessoryName,
  appSettingError,
  awsAttribute,
  awsResource,
  envPrefixOf,
  platformSettingError,
} from '@kusion/module-kit';
import type { DeadLetterSettings, QueuePlatformSettings, QueueSettings } from './queue-settings.js';

const DEFAULT_VISIBILITY_TIMEOUT = 30;
const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEAD_LETTER_RETENTION = 1209600;

export function generateQueue(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the queue module generates an accessory of an app, not its workload',
    );
  }
  const settings = request.part.value as unknown as QueueSettings;
  // Read as written: the schema may not have run (a script calling generate directly).
  const platform = request.platform as Omit<QueuePlatformSettings, 'type'> & {
    readonly type?: unknown;
  };
  if (platform.type !== 'aws') {
    throw platformSettingError(
      'queue',
      'type',
      `${JSON.stringify(platform.type)} is not a platform this module knows`,
      'set modules.queue.configs.default.type: aws',
    );
  }
  const prefix = envPrefixOf(request, 'QUEUE_', ['queue']);
  const name = accessoryName(request);
  const encryption = platform.kmsMasterKeyId
    ? { KmsMasterKeyId: platform.kmsMasterKeyId }
    : { SqsManagedSseEnabled: true };
  const options = { deletionPolicy: platform.deletionPolicy };
  const deadLetter: DeadLetterSettings | undefined =
    settings.deadLetter === true
      ? {}
      : settings.deadLetter === false
        ? undefined
        : settings.deadLetter;

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
      maxReceiveCount: deadLetter.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
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
      VisibilityTimeout:
        settings.visibilityTimeout ?? platform.visibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT,
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

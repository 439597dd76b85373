/**
 * `queue`: settings shared by every platform (name, env prefix, visibility, dead-letter queue),
 * then `aws` (SQS through CloudFormation) or `local` (an SQS-compatible ElasticMQ broker in the
 * cluster). Both give the workload the same variables, so an app runs unchanged on either.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import {
  accessoryName,
  appSettingError,
  envPrefixOf,
  platformSettingError,
} from '@kusion/module-kit';
import { generateAwsQueue } from './aws-queue.js';
import { generateLocalQueue } from './local-queue.js';
import { DEFAULT_VISIBILITY_TIMEOUT, resolveDeadLetter } from './queue-input.js';
import type { QueueInput } from './queue-input.js';
import type { QueuePlatformSettings, QueueSettings } from './queue-settings.js';

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
  const { type } = platform;
  if (type !== 'aws' && type !== 'local') {
    throw platformSettingError(
      'queue',
      'type',
      `${JSON.stringify(type)} is not a platform this module knows`,
      'set modules.queue.configs.default.type: aws (SQS) or type: local (an ElasticMQ broker in the cluster)',
    );
  }
  const input: QueueInput = {
    request,
    settings,
    platform: { ...platform, type },
    name: accessoryName(request),
    envPrefix: envPrefixOf(request, 'QUEUE_', ['queue']),
    visibilityTimeout:
      settings.visibilityTimeout ?? platform.visibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT,
    deadLetter: resolveDeadLetter(settings.deadLetter),
  };
  return type === 'aws' ? generateAwsQueue(input) : generateLocalQueue(input);
}

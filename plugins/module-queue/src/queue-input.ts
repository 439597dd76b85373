/**
 * One queue accessory with its settings resolved (app over platform over defaults), as every
 * platform's generator receives it. A dead-letter queue written `true` is the defaults; `false`
 * or absent is none.
 */
import type { ModuleGenerateRequest } from '@kusion/sdk';
import type { DeadLetterSettings, QueuePlatformSettings, QueueSettings } from './queue-settings.js';

export const DEFAULT_VISIBILITY_TIMEOUT = 30;
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

export interface QueueInput {
  readonly request: ModuleGenerateRequest;
  readonly settings: QueueSettings;
  readonly platform: QueuePlatformSettings;
  /** `<project>-<stack>-<app>-<accessory>`: the queue's name (locally) or its resources' names. */
  readonly name: string;
  /** Prefix of the workload's variables: `QUEUE_` unless the app names another. */
  readonly envPrefix: string;
  readonly visibilityTimeout: number;
  readonly deadLetter: ResolvedDeadLetter | undefined;
}

export interface ResolvedDeadLetter {
  readonly maxReceiveCount: number;
  readonly messageRetentionPeriod: number | undefined;
}

export function resolveDeadLetter(
  deadLetter: QueueSettings['deadLetter'],
): ResolvedDeadLetter | undefined {
  if (deadLetter === undefined || deadLetter === false) return undefined;
  const written: DeadLetterSettings = deadLetter === true ? {} : deadLetter;
  return {
    maxReceiveCount: written.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
    messageRetentionPeriod: written.messageRetentionPeriod,
  };
}

import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateQueue } from './generate-queue.js';
import { queueSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * The `queue` module: an SQS queue (`type: aws`) or an SQS-compatible ElasticMQ broker in the
 * cluster (`type: local`), with an optional dead-letter queue; URL, ARN and name reach the
 * workload's env under the same names on both.
 */
const plugin = defineModule({
  name: 'queue',
  version,
  schemas: queueSchemas,
  generate: generateQueue,
});

export default plugin;
export { generateQueue, queueSchemas };
export { queue } from './builder.js';
export type { QueueAccessory } from './builder.js';
export type { DeadLetterSettings, QueuePlatformSettings, QueueSettings } from './queue-settings.js';

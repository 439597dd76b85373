import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateQueue } from './generate-queue.js';
import { queueSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `queue` module: an SQS queue (and optional dead-letter queue) whose URL and ARN reach the workload's env. */
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

/** Golden Specs of the queue module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { queue } from '../src/index.js';

const part = (value: object) => ({ kind: 'accessory' as const, name: 'orders', value });

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'aws', part: part(queue()), platform: { type: 'aws' } },
    {
      name: 'aws-dead-letter',
      part: part(
        queue({ visibilityTimeout: 120, deadLetter: { maxReceiveCount: 3 }, envPrefix: 'ORDERS_' }),
      ),
      platform: {
        type: 'aws',
        messageRetentionPeriod: 345600,
        kmsMasterKeyId: 'alias/shop',
        deletionPolicy: 'Retain',
      },
    },
    { name: 'local', part: part(queue()), platform: { type: 'local' }, workspace: 'local' },
    {
      name: 'local-dead-letter',
      part: part(
        queue({
          visibilityTimeout: 120,
          delaySeconds: 5,
          messageRetentionPeriod: 86400,
          deadLetter: { maxReceiveCount: 3 },
          envPrefix: 'ORDERS_',
        }),
      ),
      platform: {
        type: 'local',
        image: 'registry.example.com/mirror/elasticmq-native:1.6.16',
        resources: { cpu: '100m', memory: '64Mi-256Mi' },
      },
      workspace: 'local',
      namespace: 'retail',
    },
    {
      name: 'aws-dead-letter-defaults',
      part: part(queue({ deadLetter: true })),
      platform: { type: 'aws', visibilityTimeout: 60 },
    },
  ],
});

describe('queue module', () => {
  it('refuses a platform it does not know', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(queue()), platform: {} }),
    ).rejects.toThrow(
      'workspace modules.queue.configs: type: undefined is not a platform this module knows',
    );
  });
});

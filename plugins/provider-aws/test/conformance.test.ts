/**
 * The provider conformance suite (`@kusion/testkit/conformance`) against moto, with an SQS queue.
 * The suite calls the per-resource methods; each works on the project's one stack (see README).
 */
import { silentIoHost } from '@kusion/sdk';
import { describeProviderConformance } from '@kusion/testkit/conformance';
import { startMoto } from '@kusion/test-peers';
import { afterAll, beforeAll } from 'vitest';
import { createAwsProvider } from '../src/index.js';
import { queue, testContext } from './stack-driver.js';

const moto = await startMoto();
beforeAll(() => {
  Object.assign(process.env, moto.env);
});
afterAll(() => moto.stop());

const context = testContext('conformance');
let counter = 0;

describeProviderConformance({
  name: 'aws (SQS queue on moto)',
  context,
  async createProvider() {
    const provider = createAwsProvider();
    await provider.configure?.({
      settings: { region: 'us-east-1', endpoint: moto.endpoint },
      context,
      io: silentIoHost,
      signal: new AbortController().signal,
    });
    return provider;
  },
  fixtures: () => {
    const name = `orders-${Date.now().toString(36)}-${++counter}`;
    const properties = {
      QueueName: name,
      VisibilityTimeout: 30,
      Tags: [{ Key: 'api-key', Value: 'do-not-print-me' }],
    };
    const extensions = { sensitivePaths: ['Properties.Tags'] };
    return {
      create: queue(name, properties, { extensions }),
      update: queue(name, { ...properties, VisibilityTimeout: 60 }, { extensions }),
      replace: queue(name, { ...properties, QueueName: `${name}-v2` }, { extensions }),
    };
  },
  identityPath: 'PhysicalResourceId',
  timeoutMs: 60_000,
});

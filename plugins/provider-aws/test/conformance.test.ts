/**
 * The batch provider conformance suite (`@kusion/testkit/conformance`) against moto, through the
 * CloudFormation interposer so a member can fail mid-batch as on AWS: an SNS topic (a type moto
 * really replaces when its name changes), a second member (an SSM parameter holding a value), and
 * a queue tagged to fail.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Resource } from '@kusion/sdk';
import { FAIL_TAG, startCloudFormationInterposer } from '@kusion/emulators';
import { describeProviderConformance } from '@kusion/testkit/conformance';
import { startMoto } from '@kusion/test-peers';
import { afterAll, beforeAll } from 'vitest';
import { createAwsProvider } from '../src/index.js';
import { queue, testContext } from './stack-driver.js';

const topic = (
  name: string,
  properties: Record<string, unknown>,
  extra: Partial<Resource>,
): Resource => ({
  id: `aws:AWS::SNS::Topic:${name}`,
  type: 'AWS',
  attributes: { Type: 'AWS::SNS::Topic', Properties: properties },
  ...extra,
});

const moto = await startMoto();
const interposer = await startCloudFormationInterposer({ upstream: moto.endpoint });
beforeAll(() => {
  Object.assign(process.env, moto.env);
});
afterAll(async () => {
  await interposer.close();
  await moto.stop();
});

let counter = 0;
/** Each check deploys its own stack: the project name is unique per check. */
let context = testContext('conformance-0');

const parameter = (name: string, value: string): Resource => ({
  id: `aws:AWS::SSM::Parameter:${name}`,
  type: 'AWS',
  attributes: {
    Type: 'AWS::SSM::Parameter',
    Properties: { Name: `/conformance/${name}`, Type: 'String', Value: value },
  },
});

describeProviderConformance({
  kind: 'batch',
  name: 'aws (CloudFormation on moto)',
  get context() {
    return context;
  },
  createProvider: () =>
    Promise.resolve(
      createAwsProvider({
        settings: { region: 'us-east-1', endpoint: interposer.endpoint },
        context,
      }),
    ),
  fixtures: () => {
    const name = `orders-${Date.now().toString(36)}-${++counter}`;
    context = testContext(`conformance-${counter}`);
    const properties = {
      TopicName: name,
      DisplayName: 'Orders',
      Tags: [{ Key: 'api-key', Value: 'do-not-print-me' }],
    };
    const extensions = { sensitivePaths: ['Properties.Tags.*.Value'] };
    return {
      create: topic('orders', properties, { extensions }),
      update: topic('orders', { ...properties, DisplayName: 'Orders v2' }, { extensions }),
      replace: topic('orders', { ...properties, TopicName: `${name}-v2` }, { extensions }),
      member: (value) => parameter(`${name}-source`, value),
      memberValuePath: 'Properties.Value',
      // The live object keeps a reference as written (as state records it): ask SSM for the value.
      readMemberValue: async (member) => {
        const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.endpoint });
        const name = (member.attributes['Properties'] as { Name: string }).Name;
        return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      },
      failing: queue(`${name}-broken`, {
        QueueName: `${name}-broken`,
        Tags: [{ Key: FAIL_TAG, Value: 'injected: the queue cannot be created' }],
      }),
      outputPath: 'Ref',
    };
  },
  identityPath: 'PhysicalResourceId',
  timeoutMs: 90_000,
});

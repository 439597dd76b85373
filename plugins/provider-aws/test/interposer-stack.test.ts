/**
 * What moto cannot show, through the CloudFormation interposer of tools/emulators: failed deploys
 * and their rollback, per-resource stack events, and CloudFormation's own drift detection.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { FAIL_TAG, startCloudFormationInterposer } from '@kusion/emulators';
import type { CloudFormationInterposer } from '@kusion/emulators';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStackDriver, queue, testContext } from './stack-driver.js';
import type { StackDriver } from './stack-driver.js';

let moto: MotoPeer;
let interposer: CloudFormationInterposer;
let driver: StackDriver;
const STACK = 'kusion-shop-dev-test';
const clientConfig = () => ({
  region: 'us-east-1',
  endpoint: interposer.endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

beforeAll(async () => {
  moto = await startMoto();
  interposer = await startCloudFormationInterposer({ upstream: moto.endpoint });
  Object.assign(process.env, moto.env);
});
afterAll(async () => {
  await interposer.close();
  await moto.stop();
});
beforeEach(async () => {
  await moto.reset();
  driver = createStackDriver(
    { region: 'us-east-1', endpoint: interposer.endpoint },
    testContext('shop'),
  );
});
afterEach(() => driver.close());

const dlq = queue('orders-dlq', { QueueName: 'orders-dlq' });
const failing = (reason: string) =>
  queue('orders', {
    QueueName: 'orders',
    RedrivePolicy: {
      deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Arn',
      maxReceiveCount: 3,
    },
    Tags: [{ Key: FAIL_TAG, Value: reason }],
  });
const parameter = {
  id: 'aws:AWS::SSM::Parameter:queue-url',
  type: 'AWS',
  attributes: {
    Type: 'AWS::SSM::Parameter',
    Properties: {
      Name: '/shop/queue-url',
      Type: 'String',
      Value: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Ref',
      Tags: { team: 'shop' },
    },
  },
};

async function stackStatus(): Promise<string | undefined> {
  return (
    await new CloudFormationClient(clientConfig()).send(
      new DescribeStacksCommand({ StackName: STACK }),
    )
  ).Stacks?.[0]?.StackStatus;
}

describe('a stack through the interposer', () => {
  it('reports each resource’s progress from its stack events', async () => {
    await driver.deploy([dlq, parameter]);
    expect(driver.reports).toEqual([
      'aws:AWS::SQS::Queue:orders-dlq: creating',
      'aws:AWS::SQS::Queue:orders-dlq: created',
      'aws:AWS::SSM::Parameter:queue-url: creating',
      'aws:AWS::SSM::Parameter:queue-url: created',
    ]);
  });

  it('fails a create with the resource’s reason, reports the rollback, and recovers on the next deploy', async () => {
    const outcomes = await driver.deploy([
      dlq,
      failing('Resource handler returned message: "Queue quota exceeded"'),
    ]);
    expect(outcomes.get('aws:AWS::SQS::Queue:orders')).toEqual({
      status: 'failed',
      error:
        'CREATE_FAILED: Resource handler returned message: "Queue quota exceeded" (deleted by the rollback)',
    });
    expect(outcomes.get('aws:AWS::SQS::Queue:orders-dlq')).toEqual({
      status: 'failed',
      error:
        'not applied: stack kusion-shop-dev-test was rolled back (ROLLBACK_COMPLETE) after aws:AWS::SQS::Queue:orders CREATE_FAILED: Resource handler returned message: "Queue quota exceeded"; aws:AWS::SQS::Queue:orders-dlq was deleted by the rollback',
    });
    expect(await stackStatus()).toBe('ROLLBACK_COMPLETE');
    expect(driver.io.messages.find((message) => message.level === 'error')?.message).toBe(
      'Deploying stack kusion-shop-dev-test failed: aws:AWS::SQS::Queue:orders CREATE_FAILED: Resource handler returned message: "Queue quota exceeded". ' +
        'The stack is ROLLBACK_COMPLETE; CloudFormation rolled back aws:AWS::SQS::Queue:orders-dlq (deleted by the rollback), aws:AWS::SQS::Queue:orders (deleted by the rollback).',
    );
    expect(driver.state).toEqual([]);

    const planned = await driver.plan([dlq]);
    expect(planned.get(dlq.id)).toMatchObject({
      action: 'Create',
      reason: `stack ${STACK} is ROLLBACK_COMPLETE after a failed create: deploy deletes it and creates this resource again`,
    });
    expect((await driver.deploy([dlq])).get(dlq.id)?.status).toBe('succeeded');
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
    expect(
      driver.io.messages.some((message) =>
        message.message.startsWith(`Stack ${STACK} is ROLLBACK_COMPLETE: an earlier create failed`),
      ),
    ).toBe(true);
  });

  it('fails an update, keeping the resources that were there', async () => {
    await driver.deploy([dlq]);
    const outcomes = await driver.deploy([dlq, failing('invalid attribute')]);
    expect(outcomes.get('aws:AWS::SQS::Queue:orders')).toMatchObject({
      status: 'failed',
      error: 'CREATE_FAILED: invalid attribute (deleted by the rollback)',
    });
    expect(outcomes.get(dlq.id)?.status).toBe('succeeded');
    expect(await stackStatus()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(driver.state.map((resource) => resource.id)).toEqual([dlq.id]);
    expect(
      (await driver.deploy([dlq, queue('orders', { QueueName: 'orders' })])).get(
        'aws:AWS::SQS::Queue:orders',
      )?.status,
    ).toBe('succeeded');
  });

  it('reads drift through CloudFormation’s drift detection, with no warning', async () => {
    await driver.deploy([
      dlq,
      queue('orders', { QueueName: 'orders', VisibilityTimeout: 30 }),
      parameter,
    ]);
    const sqs = new SQSClient({ ...clientConfig(), useQueueUrlAsEndpoint: false });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '45' } }),
    );
    await new SSMClient(clientConfig()).send(
      new PutParameterCommand({
        Name: '/shop/queue-url',
        Value: 'edited by hand',
        Overwrite: true,
      }),
    );

    const live = await driver.read();
    expect(live.get('aws:AWS::SQS::Queue:orders')).toMatchObject({
      Properties: { VisibilityTimeout: 45 },
    });
    expect(live.get(parameter.id)).toMatchObject({
      Properties: { Value: 'edited by hand', Tags: { team: 'shop' } },
    });
    expect(live.get(dlq.id)).toEqual(
      driver.state.find((resource) => resource.id === dlq.id)?.attributes,
    );
    expect(driver.io.messages.filter((message) => message.level === 'warn')).toEqual([]);
    expect(interposer.answered.get('DetectStackDrift')).toBeGreaterThan(0);
  });
});

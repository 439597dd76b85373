/**
 * The batch form against a real moto: one stack per project + stack + workspace, deploys, updates,
 * replacements, deletions, waves, destroy, and drift through the services' describe calls (moto has
 * no drift detection).
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cfnLintErrors } from './cfn-lint.js';
import { createStackDriver, queue, testContext } from './stack-driver.js';
import type { StackDriver } from './stack-driver.js';

let moto: MotoPeer;
let driver: StackDriver;
const clientConfig = () => ({
  region: 'us-east-1',
  endpoint: moto.endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const cfn = () => new CloudFormationClient(clientConfig());
const sqs = () => new SQSClient({ ...clientConfig(), useQueueUrlAsEndpoint: false });
const STACK = 'kusion-shop-dev-test';

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, moto.env);
});
afterAll(() => moto.stop());
beforeEach(async () => {
  await moto.reset();
  driver = createStackDriver({ region: 'us-east-1', endpoint: moto.endpoint }, testContext('shop'));
});
afterEach(() => driver.close());

const dlq = queue('orders-dlq', { QueueName: 'orders-dlq' });
const orders = (visibility = 30) =>
  queue('orders', {
    QueueName: 'orders',
    VisibilityTimeout: visibility,
    RedrivePolicy: {
      deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Arn',
      maxReceiveCount: 3,
    },
  });
const topic = {
  id: 'aws:AWS::SNS::Topic:events',
  type: 'AWS',
  attributes: {
    Type: 'AWS::SNS::Topic',
    Properties: { TopicName: 'events', DisplayName: 'Events' },
  },
};
const referenced = new Map([['aws:AWS::SQS::Queue:orders', ['QueueUrl', 'Arn']]]);

async function stackNames(): Promise<string[]> {
  return ((await cfn().send(new DescribeStacksCommand({}))).Stacks ?? []).map(
    (stack) => `${stack.StackName ?? ''} ${stack.StackStatus ?? ''}`,
  );
}

describe('a stack on moto', () => {
  it('creates one stack: references wired by CloudFormation, tags, and the attributes other providers reference', async () => {
    const planned = await driver.plan([dlq, orders(), topic], referenced);
    expect([...planned.values()].map((change) => change.action)).toEqual([
      'Create',
      'Create',
      'Create',
    ]);
    const outcomes = await driver.deploy([dlq, orders(), topic], referenced);
    expect([...outcomes.values()].map((outcome) => outcome.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(await stackNames()).toEqual([`${STACK} CREATE_COMPLETE`]);

    const applied = outcomes.get('aws:AWS::SQS::Queue:orders');
    const url = (await sqs().send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl ?? '';
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    expect(applied).toEqual({
      status: 'succeeded',
      attributes: {
        Type: 'AWS::SQS::Queue',
        Properties: orders().attributes['Properties'],
        StackName: STACK,
        LogicalResourceId: 'Orders',
        PhysicalResourceId: expect.stringMatching(/\/123456789012\/orders$/) as unknown,
        Ref: expect.stringMatching(/\/123456789012\/orders$/) as unknown,
        QueueUrl: expect.stringMatching(/\/123456789012\/orders$/) as unknown,
        Arn: Attributes?.['QueueArn'],
      },
    });
    const dlqArn = (
      await sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: url.replace(/orders$/, 'orders-dlq'),
          AttributeNames: ['QueueArn'],
        }),
      )
    ).Attributes?.['QueueArn'];
    expect(JSON.parse(Attributes?.['RedrivePolicy'] ?? '{}')).toMatchObject({
      deadLetterTargetArn: dlqArn,
    });
    expect((await sqs().send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toMatchObject({
      'kusion:project': 'shop',
      'kusion:stack': 'dev',
      'kusion:workspace': 'test',
    });
    expect(driver.reports).toEqual(
      expect.arrayContaining([
        'aws:AWS::SQS::Queue:orders: created',
        'aws:AWS::SNS::Topic:events: created',
      ]),
    );

    const deployed = JSON.parse(
      (await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}',
    ) as unknown;
    expect(await cfnLintErrors(deployed)).toEqual([]);
    const detail = driver.io.messagesWithCode('PROVIDER_DETAIL')[0]?.data;
    expect(detail?.title).toBe(`CloudFormation template of stack ${STACK}`);
    expect(JSON.parse(detail?.text ?? '{}')).toEqual(deployed);
  });

  it('executes the change set its plan made, and the next plan finds nothing to do', async () => {
    await driver.deploy([dlq, orders(), topic], referenced);
    const changeSets =
      (await cfn().send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries ?? [];
    expect(changeSets.map((summary) => [summary.Description, summary.ExecutionStatus])).toEqual([
      ['kusion plan of 3 resources', 'EXECUTE_COMPLETE'],
    ]);
    const again = await driver.plan([dlq, orders(), topic], referenced);
    expect([...again.values()].map((change) => `${change.action} ${change.reason}`)).toEqual([
      'UnChanged up to date',
      'UnChanged up to date',
      'UnChanged up to date',
    ]);
    expect(await driver.read()).toEqual(
      new Map(driver.state.map((resource) => [resource.id, resource.attributes])),
    );
  });

  it('updates in place, replaces what cannot change in place, and deletes what leaves the spec', async () => {
    await driver.deploy([dlq, orders(), topic], referenced);
    const renamed = {
      ...topic,
      attributes: {
        ...topic.attributes,
        Properties: { TopicName: 'events-v2', DisplayName: 'Events' },
      },
    };
    const planned = await driver.plan([dlq, orders(60), renamed], referenced);
    expect(planned.get('aws:AWS::SQS::Queue:orders')).toMatchObject({
      action: 'Update',
      diff: [{ path: 'Properties.VisibilityTimeout', kind: 'change', before: 30, after: 60 }],
    });
    expect(planned.get('aws:AWS::SNS::Topic:events')).toMatchObject({
      action: 'Replace',
      reason: 'TopicName cannot change in place: CloudFormation replaces the resource',
    });
    expect(planned.get('aws:AWS::SQS::Queue:orders-dlq')?.action).toBe('UnChanged');

    const outcomes = await driver.deploy([dlq, orders(60), renamed], referenced);
    expect(outcomes.get('aws:AWS::SNS::Topic:events')).toMatchObject({
      status: 'succeeded',
      attributes: { PhysicalResourceId: expect.stringMatching(/:events-v2$/) as unknown },
    });
    const url = (await sqs().send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl;
    expect(
      (
        await sqs().send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
        )
      ).Attributes?.['VisibilityTimeout'],
    ).toBe('60');

    const removal = await driver.plan([dlq, orders(60)], referenced);
    expect(removal.get('aws:AWS::SNS::Topic:events')).toMatchObject({
      action: 'Delete',
      reason: 'removed from spec',
    });
    expect(
      (await driver.deploy([dlq, orders(60)], referenced)).get('aws:AWS::SNS::Topic:events'),
    ).toEqual({ status: 'deleted' });
    expect(driver.state.map((resource) => resource.id)).toEqual([
      'aws:AWS::SQS::Queue:orders-dlq',
      'aws:AWS::SQS::Queue:orders',
    ]);
    const template = JSON.parse(
      (await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}',
    ) as { Resources: object };
    expect(Object.keys(template.Resources)).toEqual(['Orders', 'OrdersDlq']);
  });

  it('keeps resources of a later wave in the stack during an earlier wave', async () => {
    await driver.deploy([dlq, topic]);
    const outcomes = await driver.deploy([dlq], new Map(), { wave: 1, waves: 2 });
    expect(outcomes.get('aws:AWS::SQS::Queue:orders-dlq')?.status).toBe('succeeded');
    const template = JSON.parse(
      (await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}',
    ) as { Resources: object };
    expect(Object.keys(template.Resources)).toEqual(['Events', 'OrdersDlq']);
  });

  it('destroys the stack, keeping what DeletionPolicy Retain keeps, and again is a no-op', async () => {
    const kept = queue('archive', { QueueName: 'archive' });
    await driver.deploy([
      { ...kept, attributes: { ...kept.attributes, DeletionPolicy: 'Retain' } },
      dlq,
    ]);
    const outcomes = await driver.destroy();
    expect([...outcomes.values()]).toEqual([{ status: 'deleted' }, { status: 'deleted' }]);
    expect(await stackNames()).toEqual([]);
    await expect(
      sqs().send(new GetQueueUrlCommand({ QueueName: 'archive' })),
    ).resolves.toBeDefined();
    await expect(sqs().send(new GetQueueUrlCommand({ QueueName: 'orders-dlq' }))).rejects.toThrow();
    expect(driver.reports).toContain(
      'aws:AWS::SQS::Queue:archive: retained (DeletionPolicy Retain)',
    );
    expect(driver.io.messages.map((message) => message.message)).toContain(
      `Stack ${STACK} deleted; CloudFormation kept aws:AWS::SQS::Queue:archive (DeletionPolicy Retain): they still exist and Kusion no longer manages them.`,
    );
    driver.state = [{ ...dlq, attributes: { ...dlq.attributes, StackName: STACK } }];
    expect([...(await driver.destroy()).values()]).toEqual([{ status: 'deleted' }]);
  });

  it('reads drift from the services where the endpoint has no drift detection, and says so once', async () => {
    await driver.deploy([dlq, orders(), topic], referenced);
    const url = (await sqs().send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl;
    await sqs().send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '99' } }),
    );
    const topicArn = driver.state.find((resource) => resource.id === topic.id)?.attributes[
      'PhysicalResourceId'
    ] as string;
    await new SNSClient(clientConfig()).send(new DeleteTopicCommand({ TopicArn: topicArn }));

    const live = await driver.read();
    expect(live.get('aws:AWS::SQS::Queue:orders')).toMatchObject({
      Properties: { VisibilityTimeout: 99 },
    });
    expect(live.get('aws:AWS::SNS::Topic:events')).toBeUndefined();
    expect(live.get('aws:AWS::SQS::Queue:orders-dlq')).toEqual(
      driver.state.find((resource) => resource.id === dlq.id)?.attributes,
    );
    await driver.read();
    const warnings = driver.io.messages
      .filter((message) => message.level === 'warn')
      .map((message) => message.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^CloudFormation drift detection is not available for stack kusion-shop-dev-test \(DetectStackDrift answered HTTP 500\): comparing with the services' own describe calls for AWS::SQS::Queue, /,
      ) as unknown,
    ]);
  });

  it('refuses to delete resources of the stack that Kusion does not manage', async () => {
    await cfn().send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateBody: JSON.stringify({
          Resources: { Legacy: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'legacy' } } },
        }),
      }),
    );
    await expect(driver.plan([dlq])).rejects.toThrow(
      `stack ${STACK} holds resources Kusion does not manage: Legacy (AWS::SQS::Queue); deploying would delete them`,
    );
    await driver.close();
    await expect(
      sqs().send(new GetQueueUrlCommand({ QueueName: 'legacy' })),
    ).resolves.toBeDefined();
  });

  it('assumes the role named by roleArn (STS) for every call', async () => {
    const assuming = createStackDriver(
      {
        region: 'us-east-1',
        endpoint: moto.endpoint,
        roleArn: 'arn:aws:iam::123456789012:role/deployer',
      },
      testContext('shop'),
    );
    try {
      expect((await assuming.deploy([dlq])).get(dlq.id)?.status).toBe('succeeded');
    } finally {
      await assuming.close();
    }
  });

  it('previews without leaving a stack or change set behind', async () => {
    await driver.plan([dlq, orders()]);
    await driver.close();
    expect(await stackNames()).toEqual([]);
  });

  it('recreates a stack left empty in REVIEW_IN_PROGRESS, and says so', async () => {
    await cfn().send(
      new CreateChangeSetCommand({
        StackName: STACK,
        ChangeSetName: 'abandoned',
        ChangeSetType: 'CREATE',
        TemplateBody: JSON.stringify({ Resources: { X: { Type: 'AWS::SQS::Queue' } } }),
      }),
    );
    const planned = await driver.plan([dlq]);
    expect(planned.get(dlq.id)).toMatchObject({
      action: 'Create',
      reason: `stack ${STACK} was left empty in REVIEW_IN_PROGRESS: deploy deletes it and creates this resource`,
    });
    const outcomes = await driver.deploy([dlq]);
    expect(outcomes.get(dlq.id)?.status).toBe('succeeded');
    expect(await stackNames()).toEqual([`${STACK} CREATE_COMPLETE`]);
    expect(
      driver.io.messages.some((message) =>
        message.message.startsWith(`Stack ${STACK} was left in REVIEW_IN_PROGRESS`),
      ),
    ).toBe(true);
  });
});

/**
 * The built CLI against moto, through the CloudFormation interposer (which adds what moto lacks:
 * failed deploys, per-resource events, drift detection), and once against plain moto for the drift
 * fallback. One project walks through a user's life cycle; each `it` builds on the one before.
 */
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { FAIL_TAG, startCloudFormationInterposer } from '@kusion/emulators';
import type { CloudFormationInterposer } from '@kusion/emulators';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, createAwsProject, jsonOf } from './aws-project.ts';
import type { AwsProject, CliResult } from './aws-project.ts';

let moto: MotoPeer;
let interposer: CloudFormationInterposer;
const STACK = 'kusion-shop-dev-dev';

beforeAll(async () => {
  await assertBuilt();
  moto = await startMoto();
  interposer = await startCloudFormationInterposer({ upstream: moto.endpoint });
});
afterAll(async () => {
  await interposer.close();
  await moto.stop();
});

/** A client of moto itself, or of the interposer (what the CLI talks to) for CloudFormation statuses moto cannot reach. */
const client = <T>(Client: new (config: object) => T, endpoint = moto.endpoint): T =>
  new Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
    useQueueUrlAsEndpoint: false,
  });

const expectExit = (result: CliResult, code: number): void => {
  expect(result.code, result.transcript).toBe(code);
};

interface Plan {
  changes: { id: string; action: string; reason: string }[];
}
const actions = (result: CliResult): Record<string, string> =>
  Object.fromEntries(jsonOf<Plan>(result).changes.map((change) => [change.id, change.action]));

const aws = (id: string, type: string, properties: Record<string, unknown>) => ({
  id: `aws:${type}:${id}`,
  type: 'AWS',
  attributes: { Type: type, Properties: properties },
});
const BUCKET = `kusion-e2e-assets-${Date.now().toString(36)}`;
function shop(options: {
  readonly visibilityTimeout: number;
  readonly withParameter: boolean;
}): Record<string, unknown>[] {
  return [
    aws('assets', 'AWS::S3::Bucket', { BucketName: BUCKET }),
    aws('orders-dlq', 'AWS::SQS::Queue', {
      QueueName: 'shop-orders-dlq',
      MessageRetentionPeriod: 1209600,
    }),
    aws('orders', 'AWS::SQS::Queue', {
      QueueName: 'shop-orders',
      VisibilityTimeout: options.visibilityTimeout,
      RedrivePolicy: {
        deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Arn',
        maxReceiveCount: 5,
      },
    }),
    aws('events', 'AWS::SNS::Topic', { TopicName: 'shop-events', DisplayName: 'Shop events' }),
    ...(options.withParameter
      ? [
          aws('orders-url', 'AWS::SSM::Parameter', {
            Name: '/shop/orders-queue-url',
            Type: 'String',
            Value: '$kusion_path.aws:AWS::SQS::Queue:orders.Ref',
            Tags: { team: 'shop' },
          }),
        ]
      : []),
    aws('worker', 'AWS::IAM::Role', {
      RoleName: 'shop-worker',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    }),
    aws('main', 'AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' }),
    aws('web', 'AWS::EC2::SecurityGroup', {
      GroupDescription: 'shop web',
      VpcId: '$kusion_path.aws:AWS::EC2::VPC:main.Ref',
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
      ],
    }),
    {
      id: 'test:consumer',
      type: 'Test',
      attributes: {
        queueUrl: '$kusion_path.aws:AWS::SQS::Queue:orders.QueueUrl',
        topic: '$kusion_path.aws:AWS::SNS::Topic:events.Ref',
      },
    },
  ];
}

describe('kusion with the aws provider', () => {
  let project: AwsProject;
  beforeAll(async () => {
    project = await createAwsProject({
      project: 'shop',
      endpoint: interposer.endpoint,
      motoEnv: moto.env,
    });
    await project.writeResources(shop({ visibilityTimeout: 30, withParameter: true }));
  });
  afterAll(() => project.cleanup());

  it('previews every resource as a create, and shows the template with --detail', async () => {
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    expect(actions(preview)).toEqual({
      'aws:AWS::S3::Bucket:assets': 'Create',
      'aws:AWS::SQS::Queue:orders-dlq': 'Create',
      'aws:AWS::SQS::Queue:orders': 'Create',
      'aws:AWS::SNS::Topic:events': 'Create',
      'aws:AWS::SSM::Parameter:orders-url': 'Create',
      'aws:AWS::IAM::Role:worker': 'Create',
      'aws:AWS::EC2::VPC:main': 'Create',
      'aws:AWS::EC2::SecurityGroup:web': 'Create',
      'test:consumer': 'Create',
    });
    const detailed = await project.run(['preview', '--detail']);
    expectExit(detailed, 0);
    expect(detailed.stdout).toContain(`CloudFormation template of stack ${STACK}`);
    expect(detailed.stdout).toContain('"Fn::GetAtt": [');
    expect((await client(CloudFormationClient).send(new DescribeStacksCommand({}))).Stacks).toEqual(
      [],
    );
  });

  it('deploys one CloudFormation stack whose resources exist, and resolves the queue URL for a Test resource', async () => {
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stdout).toContain('Deploy complete: 9 created');
    expect(deploy.stdout).toContain('aws:AWS::SQS::Queue:orders: created');

    const stacks =
      (await client(CloudFormationClient).send(new DescribeStacksCommand({}))).Stacks ?? [];
    expect(stacks.map((stack) => [stack.StackName, stack.StackStatus])).toEqual([
      [STACK, 'CREATE_COMPLETE'],
    ]);
    await expect(
      client(S3Client).send(new HeadBucketCommand({ Bucket: BUCKET })),
    ).resolves.toBeDefined();
    const sqs = client(SQSClient);
    const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-orders' })))
      .QueueUrl;
    const dlqUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-orders-dlq' })))
      .QueueUrl;
    const dlqArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.['QueueArn'];
    const redrive = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
      )
    ).Attributes?.['RedrivePolicy'];
    expect(JSON.parse(redrive ?? '{}')).toMatchObject({ deadLetterTargetArn: dlqArn });
    expect(
      (
        await client(SNSClient).send(
          new GetTopicAttributesCommand({
            TopicArn: 'arn:aws:sns:us-east-1:123456789012:shop-events',
          }),
        )
      ).Attributes?.['DisplayName'],
    ).toBe('Shop events');
    expect(
      (await client(IAMClient).send(new GetRoleCommand({ RoleName: 'shop-worker' }))).Role
        ?.RoleName,
    ).toBe('shop-worker');

    const cfnQueue = await client(CloudFormationClient).send(
      new DescribeStackResourceCommand({ StackName: STACK, LogicalResourceId: 'Orders' }),
    );
    const physicalUrl = cfnQueue.StackResourceDetail?.PhysicalResourceId;
    expect(physicalUrl).toMatch(/\/123456789012\/shop-orders$/);
    expect(
      (await client(SSMClient).send(new GetParameterCommand({ Name: '/shop/orders-queue-url' })))
        .Parameter?.Value,
    ).toBe(physicalUrl);
    expect(await project.readTestResource('test:consumer')).toMatchObject({
      queueUrl: physicalUrl,
      topic: 'arn:aws:sns:us-east-1:123456789012:shop-events',
    });

    const vpc = await client(CloudFormationClient).send(
      new DescribeStackResourceCommand({ StackName: STACK, LogicalResourceId: 'Main' }),
    );
    const groups =
      (
        await client(EC2Client).send(
          new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['*'] }] }),
        )
      ).SecurityGroups ?? [];
    expect(groups.find((group) => group.Description === 'shop web')?.VpcId).toBe(
      vpc.StackResourceDetail?.PhysicalResourceId,
    );
  });

  it('finds nothing to do on a second preview', async () => {
    const preview = await project.run(['preview', '--exit-code']);
    expectExit(preview, 0);
    expect(preview.stdout).toContain('No changes: 9 resources up to date.');
  });

  it('reports no drift, then the queue changed outside Kusion (CloudFormation drift detection through the interposer)', async () => {
    expectExit(await project.run(['drift']), 0);
    const sqs = client(SQSClient);
    const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-orders' })))
      .QueueUrl;
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: { VisibilityTimeout: '90' },
      }),
    );
    const drift = await project.run(['drift', '--json']);
    expectExit(drift, 2);
    expect(jsonOf(drift)).toMatchObject({
      pending: [],
      drifted: [
        {
          id: 'aws:AWS::SQS::Queue:orders',
          diff: [{ path: 'Properties.VisibilityTimeout', kind: 'change', before: 30, after: 90 }],
        },
      ],
      inSync: 8,
      status: 'succeeded',
      warnings: [],
    });
    expect(drift.stderr).not.toContain('drift detection is not available');
    expect(interposer.answered.get('DetectStackDrift')).toBeGreaterThan(0);
  });

  it('updates the queue in place when its visibility timeout changes', async () => {
    await project.writeResources(shop({ visibilityTimeout: 45, withParameter: true }));
    const preview = await project.run(['preview', '--json']);
    expect(actions(preview)['aws:AWS::SQS::Queue:orders']).toBe('Update');
    expect(Object.values(actions(preview)).filter((action) => action !== 'UnChanged')).toEqual([
      'Update',
    ]);
    expectExit(await project.run(['deploy', '--yes']), 0);
    const sqs = client(SQSClient);
    const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-orders' })))
      .QueueUrl;
    expect(
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ['VisibilityTimeout'],
          }),
        )
      ).Attributes?.['VisibilityTimeout'],
    ).toBe('45');
  });

  it('deletes the parameter once it leaves the spec', async () => {
    await project.writeResources(shop({ visibilityTimeout: 45, withParameter: false }));
    const preview = await project.run(['preview', '--json']);
    expect(
      jsonOf<Plan>(preview).changes.find(
        (change) => change.id === 'aws:AWS::SSM::Parameter:orders-url',
      ),
    ).toMatchObject({ action: 'Delete', reason: 'removed from spec' });
    expectExit(await project.run(['deploy', '--yes']), 0);
    await expect(
      client(SSMClient).send(new GetParameterCommand({ Name: '/shop/orders-queue-url' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('destroys the stack', async () => {
    const destroy = await project.run(['destroy', '--yes']);
    expectExit(destroy, 0);
    expect(destroy.stdout).toContain('8 deleted');
    expect((await client(CloudFormationClient).send(new DescribeStacksCommand({}))).Stacks).toEqual(
      [],
    );
    await expect(
      client(S3Client).send(new HeadBucketCommand({ Bucket: BUCKET })),
    ).rejects.toThrow();
    await expect(
      client(SQSClient).send(new GetQueueUrlCommand({ QueueName: 'shop-orders' })),
    ).rejects.toThrow();
  });
});

describe('a failing create', () => {
  let project: AwsProject;
  beforeAll(async () => {
    project = await createAwsProject({
      project: 'broken',
      endpoint: interposer.endpoint,
      motoEnv: moto.env,
    });
  });
  afterAll(() => project.cleanup());

  const dlq = aws('dlq', 'AWS::SQS::Queue', { QueueName: 'broken-dlq' });
  const queue = (tags: unknown[]) =>
    aws('jobs', 'AWS::SQS::Queue', {
      QueueName: 'broken-jobs',
      RedrivePolicy: {
        deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:dlq.Arn',
        maxReceiveCount: 3,
      },
      Tags: tags,
    });

  it('fails the deploy with the resource’s reason and leaves a rolled-back stack', async () => {
    await project.writeResources([
      dlq,
      queue([
        {
          Key: FAIL_TAG,
          Value: 'Resource handler returned message: "Account quota exceeded for SQS queues"',
        },
      ]),
    ]);
    const deploy = await project.run(['deploy', '--yes', '--json']);
    expectExit(deploy, 1);
    const summary = jsonOf<{
      status: string;
      resources: { id: string; status: string; error?: string }[];
    }>(deploy);
    expect(summary.status).toBe('failed');
    expect(
      summary.resources.find((resource) => resource.id === 'aws:AWS::SQS::Queue:jobs'),
    ).toMatchObject({
      status: 'failed',
      error:
        'CREATE_FAILED: Resource handler returned message: "Account quota exceeded for SQS queues" (deleted by the rollback)',
    });
    expect(
      summary.resources.find((resource) => resource.id === 'aws:AWS::SQS::Queue:dlq')?.error,
    ).toContain('was deleted by the rollback');
    const stack = (
      await client(CloudFormationClient, interposer.endpoint).send(
        new DescribeStacksCommand({ StackName: 'kusion-broken-dev-dev' }),
      )
    ).Stacks?.[0];
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    await expect(
      client(SQSClient).send(new GetQueueUrlCommand({ QueueName: 'broken-dlq' })),
    ).rejects.toThrow();
  });

  it('recreates the rolled-back stack on the next deploy, and says so', async () => {
    await project.writeResources([dlq, queue([])]);
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stderr).toContain(
      'Stack kusion-broken-dev-dev is ROLLBACK_COMPLETE: an earlier create failed and was rolled back',
    );
    expect(
      (
        await client(CloudFormationClient).send(
          new DescribeStacksCommand({ StackName: 'kusion-broken-dev-dev' }),
        )
      ).Stacks?.[0]?.StackStatus,
    ).toBe('CREATE_COMPLETE');
    expectExit(await project.run(['destroy', '--yes']), 0);
  });
});

describe('a failed deploy whose stack CloudFormation created (defect 5 of issue 12)', () => {
  let project: AwsProject;
  const STACK_NAME = 'kusion-orphan-dev-dev';
  beforeAll(async () => {
    project = await createAwsProject({
      project: 'orphan',
      endpoint: interposer.endpoint,
      motoEnv: moto.env,
    });
  });
  afterAll(() => project.cleanup());

  it('records the stack’s resources as pending before the create, so preview, drift and destroy still see them', async () => {
    await project.writeResources([
      aws('inbox', 'AWS::SQS::Queue', {
        QueueName: 'orphan-inbox',
        Tags: [{ Key: FAIL_TAG, Value: 'Resource handler returned message: "quota exceeded"' }],
      }),
    ]);
    expectExit(await project.run(['deploy', '--yes']), 1);
    const cfn = client(CloudFormationClient, interposer.endpoint);
    const status = async (): Promise<string | undefined> =>
      (await cfn.send(new DescribeStacksCommand({ StackName: STACK_NAME })).catch(() => undefined))
        ?.Stacks?.[0]?.StackStatus;
    expect(await status()).toBe('ROLLBACK_COMPLETE');

    // The release knows the resource the failed run was creating.
    const release = jsonOf<{
      state: { resources: { id: string; pending?: { action: string } }[] };
    }>(await project.run(['release', 'show', '--json']));
    expect(release.state.resources).toEqual([
      expect.objectContaining({
        id: 'aws:AWS::SQS::Queue:inbox',
        pending: expect.objectContaining({ action: 'Create' }),
      }),
    ]);
    // drift reports it as pending (exit 2); preview still plans it.
    const drift = await project.run(['drift', '--json']);
    expectExit(drift, 2);
    expect(jsonOf<{ pending: { id: string }[] }>(drift).pending.map((p) => p.id)).toEqual([
      'aws:AWS::SQS::Queue:inbox',
    ]);
    expectExit(await project.run(['preview']), 0);
    // destroy removes the stack the failed run left behind.
    expectExit(await project.run(['destroy', '--yes']), 0);
    expect([undefined, 'DELETE_COMPLETE']).toContain(await status());
  });
});

describe('drift against plain moto (no drift detection)', () => {
  let project: AwsProject;
  beforeAll(async () => {
    project = await createAwsProject({
      project: 'plain',
      endpoint: moto.endpoint,
      motoEnv: moto.env,
    });
    await project.writeResources([
      aws('inbox', 'AWS::SQS::Queue', { QueueName: 'plain-inbox', DelaySeconds: 0 }),
      aws('alerts', 'AWS::SNS::Topic', { TopicName: 'plain-alerts' }),
    ]);
    expectExit(await project.run(['deploy', '--yes']), 0);
  });
  afterAll(async () => {
    await project.run(['destroy', '--yes']);
    await project.cleanup();
  });

  it('says once that it compares with the services instead, and finds what changed', async () => {
    const clean = await project.run(['drift']);
    expectExit(clean, 0);
    expect(clean.stderr.match(/CloudFormation drift detection is not available/g)).toHaveLength(1);
    const sqs = client(SQSClient);
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'plain-inbox' }))).QueueUrl;
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '15' } }),
    );
    const drift = await project.run(['drift', '--json']);
    expectExit(drift, 2);
    expect(jsonOf(drift)).toMatchObject({
      pending: [],
      drifted: [
        {
          id: 'aws:AWS::SQS::Queue:inbox',
          diff: [{ path: 'Properties.DelaySeconds', kind: 'change', before: 0, after: 15 }],
        },
      ],
      inSync: 1,
      status: 'succeeded',
      warnings: [
        {
          code: 'PROVIDER_NOTICE',
          message: expect.stringMatching(/^CloudFormation drift detection is not available/),
        },
      ],
    });
  });
});

describe('waves: an AWS resource that needs a Test resource that needs an AWS queue', () => {
  let project: AwsProject;
  beforeAll(async () => {
    project = await createAwsProject({
      project: 'waves',
      endpoint: interposer.endpoint,
      motoEnv: moto.env,
    });
  });
  afterAll(async () => {
    await project.run(['destroy', '--yes']);
    await project.cleanup();
  });

  const resources = (visibilityTimeout: number) => [
    aws('jobs', 'AWS::SQS::Queue', {
      QueueName: 'waves-jobs',
      VisibilityTimeout: visibilityTimeout,
    }),
    {
      id: 'test:worker',
      type: 'Test',
      attributes: { queueUrl: '$kusion_path.aws:AWS::SQS::Queue:jobs.QueueUrl' },
    },
    aws('worker-id', 'AWS::SSM::Parameter', {
      Name: '/waves/worker-id',
      Type: 'String',
      Value: '$kusion_path.test:worker.uid',
    }),
  ];

  it('deploys the stack in two updates, each wave with the resources so far', async () => {
    await project.writeResources(resources(30));
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    const worker = await project.readTestResource('test:worker');
    expect(worker['queueUrl']).toMatch(/\/123456789012\/waves-jobs$/);
    expect(
      (await client(SSMClient).send(new GetParameterCommand({ Name: '/waves/worker-id' })))
        .Parameter?.Value,
    ).toBe(worker['uid']);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('keeps the later wave’s resources while an earlier wave updates the stack', async () => {
    await project.writeResources(resources(40));
    expectExit(await project.run(['deploy', '--yes']), 0);
    await expect(
      client(SSMClient).send(new GetParameterCommand({ Name: '/waves/worker-id' })),
    ).resolves.toBeDefined();
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });
});

describe('the aws secret store', () => {
  let project: AwsProject;
  beforeAll(async () => {
    const secrets = client(SecretsManagerClient);
    await secrets.send(
      new CreateSecretCommand({
        Name: 'shop/deploy',
        SecretString: JSON.stringify({ stackName: 'shop-from-a-secret' }),
      }),
    );
    project = await createAwsProject({
      project: 'secrets',
      endpoint: interposer.endpoint,
      motoEnv: moto.env,
      awsSettings: { stackName: 'ref://shop/deploy/stackName' },
      workspace: { secretStore: { provider: 'aws', region: 'us-east-1', endpoint: moto.endpoint } },
    });
    await project.writeResources([aws('inbox', 'AWS::SQS::Queue', { QueueName: 'secrets-inbox' })]);
  });
  afterAll(async () => {
    await project.run(['destroy', '--yes']);
    await project.cleanup();
  });

  it('resolves provider settings from Secrets Manager, never printing them', async () => {
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(
      (
        await client(CloudFormationClient).send(
          new DescribeStacksCommand({ StackName: 'shop-from-a-secret' }),
        )
      ).Stacks?.[0]?.StackStatus,
    ).toBe('CREATE_COMPLETE');
    expect(deploy.stdout + deploy.stderr).not.toContain('shop-from-a-secret');
  });

  it('names the reference when the secret is missing', async () => {
    await client(SecretsManagerClient).send(
      new DeleteSecretCommand({ SecretId: 'shop/deploy', ForceDeleteWithoutRecovery: true }),
    );
    const preview = await project.run(['preview']);
    expectExit(preview, 1);
    expect(preview.stderr).toContain(
      'secret ref://shop/deploy/stackName: AWS Secrets Manager has no secret "shop/deploy"',
    );
    // Back, so that the destroy after the tests can resolve the stack name.
    await client(SecretsManagerClient).send(
      new CreateSecretCommand({
        Name: 'shop/deploy',
        SecretString: JSON.stringify({ stackName: 'shop-from-a-secret' }),
      }),
    );
  });
});

/**
 * The interposer against a real moto, driven by the official AWS SDK: what it answers itself must
 * parse exactly as AWS's answers do, and everything else must reach moto unchanged.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  waitUntilChangeSetCreateComplete,
} from '@aws-sdk/client-cloudformation';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAIL_TAG, startCloudFormationInterposer } from '../src/index.ts';
import type { CloudFormationInterposer } from '../src/index.ts';

let moto: MotoPeer;
let interposer: CloudFormationInterposer;
let cfn: CloudFormationClient;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const client = <T>(Client: new (config: object) => T, endpoint = interposer.endpoint): T =>
  new Client({
    region: 'us-east-1',
    endpoint,
    credentials,
    forcePathStyle: true,
    useQueueUrlAsEndpoint: false,
  });

beforeAll(async () => {
  moto = await startMoto();
  interposer = await startCloudFormationInterposer({ upstream: moto.endpoint });
  cfn = client(CloudFormationClient);
});
afterAll(async () => {
  await interposer.close();
  await moto.stop();
});
beforeEach(() => moto.reset());

const queue = (properties: Record<string, unknown> = {}) => ({
  Type: 'AWS::SQS::Queue',
  Properties: properties,
});

async function deploy(
  stackName: string,
  resources: Record<string, unknown>,
  type: 'CREATE' | 'UPDATE' = 'CREATE',
): Promise<void> {
  const { Id } = await cfn.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: `c${Date.now()}`,
      ChangeSetType: type,
      TemplateBody: JSON.stringify({ Resources: resources }),
    }),
  );
  await waitUntilChangeSetCreateComplete(
    { client: cfn, maxWaitTime: 30, minDelay: 1 },
    { ChangeSetName: Id, StackName: stackName },
  );
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, StackName: stackName }));
}

async function events(stackName: string): Promise<StackEvent[]> {
  return (
    (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? []
  );
}

const story = (list: readonly StackEvent[]) =>
  [...list]
    .reverse()
    .map((event) => `${event.LogicalResourceId ?? ''} ${event.ResourceStatus ?? ''}`);

describe('the CloudFormation interposer', () => {
  it('forwards every other service to moto unchanged', async () => {
    await client(S3Client).send(new CreateBucketCommand({ Bucket: 'through-the-interposer' }));
    await expect(
      client(S3Client, moto.endpoint).send(
        new HeadBucketCommand({ Bucket: 'through-the-interposer' }),
      ),
    ).resolves.toBeDefined();
  });

  it('adds per-resource events to an executed change set, between the stack events', async () => {
    await deploy('events', {
      Dlq: queue({ QueueName: 'dlq' }),
      Orders: queue({ QueueName: 'orders' }),
    });
    expect(story(await events('events'))).toEqual([
      'events REVIEW_IN_PROGRESS',
      'events CREATE_IN_PROGRESS',
      'Dlq CREATE_IN_PROGRESS',
      'Dlq CREATE_COMPLETE',
      'Orders CREATE_IN_PROGRESS',
      'Orders CREATE_COMPLETE',
      'events CREATE_COMPLETE',
    ]);
    await deploy(
      'events',
      { Orders: queue({ QueueName: 'orders', VisibilityTimeout: 60 }) },
      'UPDATE',
    );
    expect(story(await events('events')).slice(7)).toEqual([
      'events UPDATE_IN_PROGRESS',
      'Orders UPDATE_IN_PROGRESS',
      'Orders UPDATE_COMPLETE',
      'Dlq DELETE_IN_PROGRESS',
      'Dlq DELETE_COMPLETE',
      'events UPDATE_COMPLETE',
    ]);
  });

  it('fails a create on a resource tagged interposer:fail and rolls the stack back', async () => {
    await deploy('broken', {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'rolled-back' } },
      Queue: queue({
        QueueName: 'never',
        Tags: [{ Key: FAIL_TAG, Value: 'Resource handler returned message: "quota exceeded"' }],
      }),
    });
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'broken' }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stack?.StackStatusReason).toBe(
      'The following resource(s) failed to create: [Queue]. Rollback requested by user.',
    );
    const all = await events('broken');
    expect(story(all).slice(1)).toEqual([
      'broken CREATE_IN_PROGRESS',
      'Bucket CREATE_IN_PROGRESS',
      'Bucket CREATE_COMPLETE',
      'Queue CREATE_IN_PROGRESS',
      'Queue CREATE_FAILED',
      'broken ROLLBACK_IN_PROGRESS',
      'Bucket DELETE_IN_PROGRESS',
      'Bucket DELETE_COMPLETE',
      'Queue DELETE_COMPLETE',
      'broken ROLLBACK_COMPLETE',
    ]);
    expect(
      all.find((event) => event.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason,
    ).toBe('Resource handler returned message: "quota exceeded"');
    await expect(
      client(S3Client, moto.endpoint).send(new HeadBucketCommand({ Bucket: 'rolled-back' })),
    ).rejects.toThrow();

    // As on AWS: a rolled-back stack cannot be updated, only deleted.
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'broken',
          ChangeSetName: 'again',
          ChangeSetType: 'UPDATE',
          TemplateBody: JSON.stringify({ Resources: { Q: queue() } }),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('ROLLBACK_COMPLETE state and can not be updated') as unknown,
    });
    await cfn.send(new DeleteStackCommand({ StackName: 'broken' }));
    await expect(
      cfn.send(new DescribeStacksCommand({ StackName: 'broken' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('fails an update and restores the previous resources', async () => {
    await deploy('updating', { Orders: queue({ QueueName: 'orders', VisibilityTimeout: 30 }) });
    await deploy(
      'updating',
      {
        Orders: queue({
          QueueName: 'orders',
          VisibilityTimeout: 45,
          Tags: [{ Key: FAIL_TAG, Value: 'invalid visibility' }],
        }),
      },
      'UPDATE',
    );
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'updating' })))
      .Stacks?.[0];
    expect(stack?.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(story(await events('updating')).slice(-5)).toEqual([
      'Orders UPDATE_IN_PROGRESS',
      'Orders UPDATE_FAILED',
      'updating UPDATE_ROLLBACK_IN_PROGRESS',
      'updating UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'updating UPDATE_ROLLBACK_COMPLETE',
    ]);
    await deploy(
      'updating',
      { Orders: queue({ QueueName: 'orders', VisibilityTimeout: 45 }) },
      'UPDATE',
    );
    expect(
      (await cfn.send(new DescribeStacksCommand({ StackName: 'updating' }))).Stacks?.[0]
        ?.StackStatus,
    ).toBe('UPDATE_COMPLETE');
  });

  it('deploys SSM parameters with map-form Tags, as CloudFormation documents them', async () => {
    const parameter = {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/app/p', Type: 'String', Value: 'v', Tags: { team: 'shop' } },
    };
    await deploy('parameters', { Parameter: parameter });
    expect(
      (await cfn.send(new DescribeStacksCommand({ StackName: 'parameters' }))).Stacks?.[0]
        ?.StackStatus,
    ).toBe('CREATE_COMPLETE');
    const body =
      (await cfn.send(new GetTemplateCommand({ StackName: 'parameters' }))).TemplateBody ?? '';
    expect(
      (JSON.parse(body) as { Resources: Record<string, unknown> }).Resources['Parameter'],
    ).toEqual(parameter);
  });

  it('stands in for Secrets Manager secrets, which moto does not model, and generates their text', async () => {
    const secret = {
      Type: 'AWS::SecretsManager::Secret',
      Properties: {
        Name: 'shop-db-credentials',
        GenerateSecretString: {
          SecretStringTemplate: '{"username":"kusion"}',
          GenerateStringKey: 'password',
          PasswordLength: 24,
          ExcludeCharacters: '"@/\\',
        },
      },
    };
    await deploy('secrets', { Credentials: secret });
    const resources = await cfn.send(new ListStackResourcesCommand({ StackName: 'secrets' }));
    expect(resources.StackResourceSummaries?.[0]).toMatchObject({
      LogicalResourceId: 'Credentials',
      ResourceStatus: 'CREATE_COMPLETE',
      PhysicalResourceId: expect.stringMatching(/\S/),
    });
    const secrets = client(SecretsManagerClient);
    const value = await secrets.send(
      new GetSecretValueCommand({ SecretId: 'shop-db-credentials' }),
    );
    const { username, password } = JSON.parse(value.SecretString ?? '{}') as Record<string, string>;
    expect(username).toBe('kusion');
    expect(password).toMatch(/^[^"@/\\]{24}$/);
    const body =
      (await cfn.send(new GetTemplateCommand({ StackName: 'secrets' }))).TemplateBody ?? '';
    expect(
      (JSON.parse(body) as { Resources: Record<string, unknown> }).Resources['Credentials'],
    ).toEqual(secret);

    // Another change set of the same template changes nothing: the generated text is stable.
    const { Id } = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'secrets',
        ChangeSetName: 'again',
        ChangeSetType: 'UPDATE',
        TemplateBody: JSON.stringify({ Resources: { Credentials: secret } }),
      }),
    );
    const described = await cfn.send(
      new DescribeChangeSetCommand({ ChangeSetName: Id, StackName: 'secrets' }),
    );
    expect(described.Changes ?? []).toEqual([]);

    await cfn.send(new DeleteStackCommand({ StackName: 'secrets' }));
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'shop-db-credentials' })),
    ).rejects.toThrow(ResourceNotFoundException);
  });

  it('reports deletions per resource, and skips retained ones', async () => {
    await deploy('doomed', {
      Kept: { ...queue({ QueueName: 'kept' }), DeletionPolicy: 'Retain' },
      Gone: queue({ QueueName: 'gone' }),
    });
    const stackId =
      (await cfn.send(new DescribeStacksCommand({ StackName: 'doomed' }))).Stacks?.[0]?.StackId ??
      '';
    await cfn.send(new DeleteStackCommand({ StackName: 'doomed' }));
    expect(story(await events(stackId)).slice(-5)).toEqual([
      'doomed DELETE_IN_PROGRESS',
      'Gone DELETE_IN_PROGRESS',
      'Gone DELETE_COMPLETE',
      'Kept DELETE_SKIPPED',
      'doomed DELETE_COMPLETE',
    ]);
    await expect(
      client(SQSClient).send(new GetQueueUrlCommand({ QueueName: 'kept' })),
    ).resolves.toBeDefined();
    await expect(
      client(SQSClient).send(new GetQueueUrlCommand({ QueueName: 'gone' })),
    ).rejects.toThrow();
  });

  it('detects drift of queues and parameters; other types are not checked', async () => {
    await deploy('drifting', {
      Orders: queue({ QueueName: 'orders', VisibilityTimeout: 30 }),
      Parameter: {
        Type: 'AWS::SSM::Parameter',
        Properties: { Name: '/app/p', Type: 'String', Value: 'v' },
      },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'not-checked' } },
    });
    const sqs = client(SQSClient);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '60' } }),
    );
    await client(SSMClient).send(new DeleteParameterCommand({ Name: '/app/p' }));

    const { StackDriftDetectionId } = await cfn.send(
      new DetectStackDriftCommand({ StackName: 'drifting' }),
    );
    const status = await cfn.send(
      new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }),
    );
    expect(status).toMatchObject({
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'DRIFTED',
      DriftedStackResourceCount: 2,
    });
    const drifts =
      (await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: 'drifting' })))
        .StackResourceDrifts ?? [];
    expect(
      drifts.map((drift) => [drift.LogicalResourceId, drift.StackResourceDriftStatus]).sort(),
    ).toEqual([
      ['Orders', 'MODIFIED'],
      ['Parameter', 'DELETED'],
    ]);
    expect(
      drifts.find((drift) => drift.LogicalResourceId === 'Orders')?.PropertyDifferences,
    ).toEqual([
      {
        PropertyPath: '/VisibilityTimeout',
        ExpectedValue: '30',
        ActualValue: '60',
        DifferenceType: 'NOT_EQUAL',
      },
    ]);
    const modified = await cfn.send(
      new DescribeStackResourceDriftsCommand({
        StackName: 'drifting',
        StackResourceDriftStatusFilters: ['MODIFIED'],
      }),
    );
    expect(modified.StackResourceDrifts?.map((drift) => drift.LogicalResourceId)).toEqual([
      'Orders',
    ]);
  });

  it('answers unknown drift detections with a ValidationError, as AWS does', async () => {
    await expect(
      cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: 'nope' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

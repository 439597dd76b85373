/**
 * What the services themselves say about a deployed resource, for the types Kusion can read: does
 * it exist, the values of the properties a template usually sets (in CloudFormation's names and
 * types), and the attributes `Fn::GetAtt` would return. Drift uses the properties where
 * CloudFormation cannot detect drift; apply uses the attributes where stack Outputs are stale.
 */
import type { AwsClients } from '../aws-clients.js';
import { errorName, httpStatusOf, toProviderError } from '../aws-errors.js';

export interface LiveView {
  /** Properties as a template writes them (numbers as numbers, booleans as booleans). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** `Fn::GetAtt` attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface ReaderContext {
  readonly clients: AwsClients;
  readonly region: string;
  readonly signal: AbortSignal;
}

/** Undefined when the resource does not exist. */
export type ServiceReader = (
  physicalId: string,
  context: ReaderContext,
) => Promise<LiveView | undefined>;

const NOT_FOUND = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NotFound',
  'NotFoundException',
  'ParameterNotFound',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'InvalidGroup.NotFound',
  'InvalidVpcID.NotFound',
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
]);

/** Runs a describe call; "not found" answers undefined. */
async function orMissing<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (NOT_FOUND.has(errorName(error)) || httpStatusOf(error) === 404) return undefined;
    throw toProviderError(error, operation);
  }
}

const numbers = (
  attributes: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, number> =>
  Object.fromEntries(
    names.flatMap((name) =>
      attributes[name] === undefined ? [] : [[name, Number(attributes[name])]],
    ),
  );
const booleans = (
  attributes: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, boolean> =>
  Object.fromEntries(
    names.flatMap((name) =>
      attributes[name] === undefined ? [] : [[name, attributes[name] === 'true']],
    ),
  );

const readQueue: ServiceReader = async (url, { clients, signal }) => {
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const answer = await orMissing('GetQueueAttributes', () =>
    sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }), {
      abortSignal: signal,
    }),
  );
  if (!answer) return undefined;
  const attributes: Record<string, string | undefined> = answer.Attributes ?? {};
  return {
    properties: {
      ...numbers(attributes, [
        'VisibilityTimeout',
        'MessageRetentionPeriod',
        'DelaySeconds',
        'MaximumMessageSize',
        'ReceiveMessageWaitTimeSeconds',
      ]),
      ...booleans(attributes, ['FifoQueue', 'ContentBasedDeduplication', 'SqsManagedSseEnabled']),
      ...(attributes['KmsMasterKeyId'] === undefined
        ? {}
        : { KmsMasterKeyId: attributes['KmsMasterKeyId'] }),
    },
    attributes: {
      Arn: attributes['QueueArn'],
      QueueName: url.slice(url.lastIndexOf('/') + 1),
      QueueUrl: url,
    },
  };
};

const readTopic: ServiceReader = async (arn, { clients, signal }) => {
  const { GetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
  const sns = await clients.sns();
  const answer = await orMissing('GetTopicAttributes', () =>
    sns.send(new GetTopicAttributesCommand({ TopicArn: arn }), { abortSignal: signal }),
  );
  if (!answer) return undefined;
  const attributes: Record<string, string | undefined> = answer.Attributes ?? {};
  return {
    properties: {
      ...(attributes['DisplayName'] === undefined
        ? {}
        : { DisplayName: attributes['DisplayName'] }),
      ...booleans(attributes, ['FifoTopic', 'ContentBasedDeduplication']),
      ...(attributes['KmsMasterKeyId'] === undefined
        ? {}
        : { KmsMasterKeyId: attributes['KmsMasterKeyId'] }),
    },
    attributes: { TopicArn: arn, TopicName: arn.slice(arn.lastIndexOf(':') + 1) },
  };
};

const readParameter: ServiceReader = async (name, { clients, signal }) => {
  const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await clients.ssm();
  const answer = await orMissing('GetParameter', () =>
    ssm.send(new GetParameterCommand({ Name: name }), { abortSignal: signal }),
  );
  const parameter = answer?.Parameter;
  if (!parameter) return undefined;
  return {
    properties: {
      Name: parameter.Name,
      Type: parameter.Type,
      Value: parameter.Value,
      ...(parameter.DataType === undefined ? {} : { DataType: parameter.DataType }),
    },
    attributes: { Type: parameter.Type, Value: parameter.Value },
  };
};

const readRole: ServiceReader = async (name, { clients, signal }) => {
  const { GetRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const role = (
    await orMissing('GetRole', () =>
      iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal: signal }),
    )
  )?.Role;
  if (!role) return undefined;
  const policy = role.AssumeRolePolicyDocument;
  return {
    properties: {
      RoleName: role.RoleName,
      Path: role.Path,
      ...(role.Description === undefined ? {} : { Description: role.Description }),
      ...(role.MaxSessionDuration === undefined
        ? {}
        : { MaxSessionDuration: role.MaxSessionDuration }),
      ...(policy === undefined
        ? {}
        : { AssumeRolePolicyDocument: JSON.parse(decodeURIComponent(policy)) as unknown }),
    },
    attributes: { Arn: role.Arn, RoleId: role.RoleId },
  };
};

const readBucket: ServiceReader = async (name, { clients, region, signal }) => {
  const { HeadBucketCommand, GetBucketTaggingCommand } = await import('@aws-sdk/client-s3');
  const s3 = await clients.s3();
  const head = await orMissing('HeadBucket', () =>
    s3.send(new HeadBucketCommand({ Bucket: name }), { abortSignal: signal }),
  );
  if (!head) return undefined;
  const tagging = await orMissing('GetBucketTagging', () =>
    s3.send(new GetBucketTaggingCommand({ Bucket: name }), { abortSignal: signal }),
  ).catch(() => undefined);
  const tags = (tagging?.TagSet ?? [])
    .filter((tag) => !tag.Key?.startsWith('aws:'))
    .map((tag) => ({ Key: tag.Key, Value: tag.Value }));
  const partition = region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  return {
    properties: { BucketName: name, Tags: tags },
    attributes: {
      Arn: `arn:${partition}:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
      DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
    },
  };
};

const readSecurityGroup: ServiceReader = async (id, { clients, signal }) => {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const group = (
    await orMissing('DescribeSecurityGroups', () =>
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }), { abortSignal: signal }),
    )
  )?.SecurityGroups?.[0];
  if (!group) return undefined;
  return {
    properties: { GroupDescription: group.Description, GroupName: group.GroupName },
    attributes: { GroupId: group.GroupId, VpcId: group.VpcId },
  };
};

const readVpc: ServiceReader = async (id, { clients, signal }) => {
  const { DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const vpc = (
    await orMissing('DescribeVpcs', () =>
      ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }), { abortSignal: signal }),
    )
  )?.Vpcs?.[0];
  if (!vpc) return undefined;
  return {
    properties: { CidrBlock: vpc.CidrBlock },
    attributes: { CidrBlock: vpc.CidrBlock, VpcId: vpc.VpcId },
  };
};

const readDbInstance: ServiceReader = async (identifier, { clients, signal }) => {
  const { DescribeDBInstancesCommand } = await import('@aws-sdk/client-rds');
  const rds = await clients.rds();
  const instance = (
    await orMissing('DescribeDBInstances', () =>
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }), {
        abortSignal: signal,
      }),
    )
  )?.DBInstances?.[0];
  if (!instance) return undefined;
  return {
    // Not EngineVersion: AWS answers the full version for a template's major one (16 → 16.3).
    properties: {
      DBInstanceIdentifier: instance.DBInstanceIdentifier,
      DBInstanceClass: instance.DBInstanceClass,
      Engine: instance.Engine,
      AllocatedStorage:
        instance.AllocatedStorage === undefined ? undefined : String(instance.AllocatedStorage),
      MasterUsername: instance.MasterUsername,
      DBName: instance.DBName,
      MultiAZ: instance.MultiAZ,
      PubliclyAccessible: instance.PubliclyAccessible,
    },
    // CloudFormation's `Fn::GetAtt Endpoint.Port` is text.
    attributes: {
      Endpoint: {
        Address: instance.Endpoint?.Address,
        Port: instance.Endpoint?.Port === undefined ? undefined : String(instance.Endpoint.Port),
      },
      DBInstanceArn: instance.DBInstanceArn,
      DbiResourceId: instance.DbiResourceId,
    },
  };
};

export const SERVICE_READERS: ReadonlyMap<string, ServiceReader> = new Map([
  ['AWS::SQS::Queue', readQueue],
  ['AWS::SNS::Topic', readTopic],
  ['AWS::SSM::Parameter', readParameter],
  ['AWS::IAM::Role', readRole],
  ['AWS::S3::Bucket', readBucket],
  ['AWS::EC2::SecurityGroup', readSecurityGroup],
  ['AWS::EC2::VPC', readVpc],
  ['AWS::RDS::DBInstance', readDbInstance],
]);

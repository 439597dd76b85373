/**
 * Properties whose change makes CloudFormation replace the resource ("Update requires:
 * Replacement" in the resource reference). Used only where CloudFormation does not say it itself:
 * a change set without `Replacement` (moto), and per-resource plans, which make no change set.
 */
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../model/aws-resource.js';

const REPLACING_PROPERTIES: ReadonlyMap<string, readonly string[]> = new Map([
  ['AWS::SQS::Queue', ['QueueName', 'FifoQueue']],
  ['AWS::SNS::Topic', ['TopicName', 'FifoTopic']],
  ['AWS::SSM::Parameter', ['Name']],
  ['AWS::S3::Bucket', ['BucketName']],
  ['AWS::IAM::Role', ['RoleName', 'Path']],
  ['AWS::EC2::SecurityGroup', ['GroupName', 'GroupDescription', 'VpcId']],
  ['AWS::EC2::VPC', ['CidrBlock']],
  ['AWS::EC2::Subnet', ['AvailabilityZone', 'CidrBlock', 'VpcId']],
  ['AWS::DynamoDB::Table', ['TableName', 'KeySchema']],
  ['AWS::Lambda::Function', ['FunctionName']],
  ['AWS::Logs::LogGroup', ['LogGroupName']],
  ['AWS::ECR::Repository', ['RepositoryName']],
  ['AWS::SecretsManager::Secret', ['Name']],
]);

/** The changed properties that force a replacement, empty when the change is in place. */
export function replacingChanges(type: string, before: unknown, after: unknown): string[] {
  const names = REPLACING_PROPERTIES.get(type) ?? [];
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  return names.filter((name) => !isDeepStrictEqual(a[name], b[name]));
}

export function replaceReasonFor(changed: readonly string[]): string {
  return `${changed.join(', ')} cannot change in place: CloudFormation replaces the resource`;
}

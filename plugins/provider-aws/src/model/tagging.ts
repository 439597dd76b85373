/**
 * Ownership tags. Every resource of a type in `TAGGABLE_TYPES` gets `kusion:project`,
 * `kusion:stack` and `kusion:workspace` in its `Tags` property, in the form CloudFormation
 * documents for that type: a list of `{ Key, Value }` for most, a JSON map for a few. The list is
 * explicit because a `Tags` property on a type that has none fails the deployment; each entry is
 * checked against CloudFormation's schemas by cfn-lint in the tests.
 */
import type { ProviderContext } from '@kusion/sdk';
import { isRecord } from './aws-resource.js';

export type TagForm = 'list' | 'map';

export const TAGGABLE_TYPES: ReadonlyMap<string, TagForm> = new Map<string, TagForm>([
  ['AWS::ApiGateway::RestApi', 'list'],
  ['AWS::CloudFront::Distribution', 'list'],
  ['AWS::DynamoDB::Table', 'list'],
  ['AWS::EC2::EIP', 'list'],
  ['AWS::EC2::Instance', 'list'],
  ['AWS::EC2::InternetGateway', 'list'],
  ['AWS::EC2::NatGateway', 'list'],
  ['AWS::EC2::RouteTable', 'list'],
  ['AWS::EC2::SecurityGroup', 'list'],
  ['AWS::EC2::Subnet', 'list'],
  ['AWS::EC2::VPC', 'list'],
  ['AWS::ECR::Repository', 'list'],
  ['AWS::ECS::Cluster', 'list'],
  ['AWS::ECS::Service', 'list'],
  ['AWS::ECS::TaskDefinition', 'list'],
  ['AWS::EKS::Cluster', 'list'],
  ['AWS::ElastiCache::ReplicationGroup', 'list'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'list'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'list'],
  ['AWS::IAM::Role', 'list'],
  ['AWS::IAM::User', 'list'],
  ['AWS::Kinesis::Stream', 'list'],
  ['AWS::KMS::Key', 'list'],
  ['AWS::Lambda::Function', 'list'],
  ['AWS::Logs::LogGroup', 'list'],
  ['AWS::RDS::DBCluster', 'list'],
  ['AWS::RDS::DBInstance', 'list'],
  ['AWS::RDS::DBSubnetGroup', 'list'],
  ['AWS::S3::Bucket', 'list'],
  ['AWS::SecretsManager::Secret', 'list'],
  ['AWS::SNS::Topic', 'list'],
  ['AWS::SQS::Queue', 'list'],
  ['AWS::StepFunctions::StateMachine', 'list'],
  ['AWS::SSM::Parameter', 'map'],
]);

export const TAG_PREFIX = 'kusion:';

/** The ownership tags of a context, in a fixed order. */
export function ownershipTags(context: ProviderContext): readonly (readonly [string, string])[] {
  return [
    [`${TAG_PREFIX}project`, context.project],
    [`${TAG_PREFIX}stack`, context.stack],
    [`${TAG_PREFIX}workspace`, context.workspace],
  ];
}

/**
 * Properties with the ownership tags after the user's own. Left alone when the type takes no tags
 * or `Tags` is not literal (an intrinsic function such as `Fn::If`).
 */
export function withOwnershipTags(
  type: string,
  properties: Readonly<Record<string, unknown>> | undefined,
  context: ProviderContext,
): Readonly<Record<string, unknown>> | undefined {
  const form = TAGGABLE_TYPES.get(type);
  if (!form) return properties;
  const tags = properties?.['Tags'];
  const own = ownershipTags(context);
  if (form === 'list') {
    if (tags !== undefined && !Array.isArray(tags)) return properties;
    const list = (tags as readonly unknown[] | undefined) ?? [];
    return { ...properties, Tags: [...list, ...own.map(([Key, Value]) => ({ Key, Value }))] };
  }
  if (tags !== undefined && !isPlainMap(tags)) return properties;
  return { ...properties, Tags: { ...tags, ...Object.fromEntries(own) } };
}

/** The inverse of `withOwnershipTags`: the user's own tags, and no empty `Tags` or `Properties`. */
export function withoutOwnershipTags(
  type: string,
  properties: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (!properties) return undefined;
  const form = TAGGABLE_TYPES.get(type);
  const tags = properties['Tags'];
  let rest: Record<string, unknown> = { ...properties };
  if (form === 'list' && Array.isArray(tags)) {
    const own = tags.filter((tag) => !isOwnershipTag(tag));
    rest = { ...properties, Tags: own };
    if (!own.length) delete rest['Tags'];
  } else if (form === 'map' && isPlainMap(tags)) {
    const own = Object.fromEntries(
      Object.entries(tags).filter(([key]) => !key.startsWith(TAG_PREFIX)),
    );
    rest = { ...properties, Tags: own };
    if (!Object.keys(own).length) delete rest['Tags'];
  }
  return Object.keys(rest).length ? rest : undefined;
}

/** Tag keys under the reserved prefix that a user wrote, for validation. */
export function reservedTagKeys(
  type: string,
  properties: Readonly<Record<string, unknown>> | undefined,
): string[] {
  const tags = properties?.['Tags'];
  const keys = Array.isArray(tags)
    ? tags.map((tag) => (isRecord(tag) ? tag['Key'] : undefined))
    : isPlainMap(tags)
      ? Object.keys(tags)
      : [];
  return TAGGABLE_TYPES.has(type)
    ? keys.filter((key): key is string => typeof key === 'string' && key.startsWith(TAG_PREFIX))
    : [];
}

function isOwnershipTag(tag: unknown): boolean {
  return isRecord(tag) && typeof tag['Key'] === 'string' && tag['Key'].startsWith(TAG_PREFIX);
}

/** A literal map of tags, not an intrinsic function (`{ "Fn::If": ... }`, `{ "Ref": ... }`). */
function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) && !Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'))
  );
}

/**
 * The shape of an `AWS` resource's attributes: one CloudFormation resource, as in a template.
 *
 *   { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 30 }, DeletionPolicy: "Retain" }
 *
 * After apply the provider adds what it knows of the deployed resource (`StackName`,
 * `LogicalResourceId`, `PhysicalResourceId`, `Ref`, and each attribute other providers reference,
 * at its own path: `QueueUrl`, `Arn`...). Those keys are reserved.
 */
import type { Attributes } from '@kusion/sdk';

export const RESOURCE_TYPE = 'AWS';

/** The keys a user writes. */
export const TEMPLATE_KEYS = [
  'Type',
  'Properties',
  'DeletionPolicy',
  'UpdateReplacePolicy',
] as const;
/** The keys the provider adds after apply. */
export const DEPLOYED_KEYS = [
  'StackName',
  'LogicalResourceId',
  'PhysicalResourceId',
  'Ref',
] as const;
/** Every key the normal form holds by itself, besides the referenced attributes. */
export const ATTRIBUTE_KEYS = [...TEMPLATE_KEYS, ...DEPLOYED_KEYS] as const;

export const DELETION_POLICIES = ['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate'] as const;
export const UPDATE_REPLACE_POLICIES = ['Delete', 'Retain', 'Snapshot'] as const;

/** One CloudFormation resource as written in a template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: readonly string[];
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** Metadata key under which the template records the Kusion id of each resource. */
export const KUSION_ID_METADATA = 'kusion:id';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The template part of a resource's attributes, assuming they were validated. */
export function templatePartOf(attributes: Attributes): TemplateResource {
  const properties = attributes['Properties'];
  const deletionPolicy = attributes['DeletionPolicy'];
  const updateReplacePolicy = attributes['UpdateReplacePolicy'];
  return {
    Type: String(attributes['Type']),
    ...(isRecord(properties) ? { Properties: properties } : {}),
    ...(typeof deletionPolicy === 'string' ? { DeletionPolicy: deletionPolicy } : {}),
    ...(typeof updateReplacePolicy === 'string'
      ? { UpdateReplacePolicy: updateReplacePolicy }
      : {}),
  };
}

/**
 * The one normal form of a resource's attributes, shared by the batch apply result, `read`, and
 * per-resource `plan`: the template part as the user writes it (ownership tags stripped, `Ref` /
 * `Fn::GetAtt` read back as `$kusion_path`), then what the deployment knows. Because the desired
 * side is computed as `fromTemplate(toTemplate(desired))`, an undrifted resource reads back
 * exactly as it was applied.
 */
import type { Attributes, ProviderContext, Resource } from '@kusion/sdk';
import { ATTRIBUTE_KEYS, isRecord } from './aws-resource.js';
import type { TemplateResource } from './aws-resource.js';
import { fromIntrinsics } from './references.js';
import { withoutOwnershipTags } from './tagging.js';
import { toTemplateResource } from './template.js';

/** What the deployment knows of one resource. */
export interface DeployedFacts {
  readonly stackName: string;
  readonly logicalId: string;
  readonly physicalId: string | undefined;
  /** Attribute values by path (`Ref`, `Arn`, `Endpoint.Address`): `Ref` defaults to the physical id. */
  readonly values: ReadonlyMap<string, unknown>;
}

/** The user-facing template part of a template resource. */
export function templatePartFrom(
  resource: TemplateResource,
  idsByLogicalId: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const properties = withoutOwnershipTags(
    resource.Type,
    fromIntrinsics(resource.Properties, idsByLogicalId) as TemplateResource['Properties'],
  );
  return {
    Type: resource.Type,
    ...(properties ? { Properties: properties } : {}),
    ...(resource.DeletionPolicy === undefined ? {} : { DeletionPolicy: resource.DeletionPolicy }),
    ...(resource.UpdateReplacePolicy === undefined
      ? {}
      : { UpdateReplacePolicy: resource.UpdateReplacePolicy }),
  };
}

/** The desired resource's template part in normal form (e.g. `Tags: []` and `Properties: {}` dropped). */
export function desiredTemplatePart(
  resource: Resource,
  logicalIds: ReadonlyMap<string, string>,
  context: ProviderContext,
): Record<string, unknown> {
  const idsByLogicalId = new Map([...logicalIds].map(([id, logicalId]) => [logicalId, id]));
  return templatePartFrom(toTemplateResource(resource, logicalIds, context), idsByLogicalId);
}

/** The full normal form: template part plus deployment facts. */
export function normalAttributes(
  templatePart: Readonly<Record<string, unknown>>,
  facts: DeployedFacts,
): Attributes {
  const attributes: Record<string, unknown> = {
    ...templatePart,
    StackName: facts.stackName,
    LogicalResourceId: facts.logicalId,
  };
  if (facts.physicalId !== undefined) {
    attributes['PhysicalResourceId'] = facts.physicalId;
    attributes['Ref'] = facts.physicalId;
  }
  for (const [path, value] of facts.values) setAtPath(attributes, path.split('.'), value);
  return attributes;
}

/** Attribute paths a normal form carries beyond the standard keys: what other providers referenced. */
export function extraAttributePaths(attributes: Attributes | undefined): string[] {
  if (!attributes) return [];
  const standard = new Set<string>(ATTRIBUTE_KEYS);
  const paths: string[] = [];
  const visit = (value: unknown, prefix: string): void => {
    if (isRecord(value) && Object.keys(value).length) {
      for (const [key, item] of Object.entries(value)) visit(item, `${prefix}.${key}`);
    } else {
      paths.push(prefix);
    }
  };
  for (const [key, value] of Object.entries(attributes)) if (!standard.has(key)) visit(value, key);
  return paths;
}

function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let container = target;
  for (const segment of path.slice(0, -1)) {
    const next = container[segment];
    if (!isRecord(next)) container[segment] = {};
    container = container[segment] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) container[last] = value;
}

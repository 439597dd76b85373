/**
 * Checks `AWS` resources before planning. Every problem is returned, none thrown, so the user sees
 * all of them at once: the attribute shape, ids whose logical ids collide, reserved tags, and raw
 * `Ref`/`Fn::GetAtt` to another resource of the stack (which the engine would not see as a
 * dependency: write `$kusion_path.<id>.Ref` instead).
 */
import type { Diagnostic, Resource } from '@kusion/sdk';
import {
  DELETION_POLICIES,
  TEMPLATE_KEYS,
  UPDATE_REPLACE_POLICIES,
  isRecord,
} from './aws-resource.js';
import { assignLogicalIds, logicalIdOf } from './logical-ids.js';
import { findIntrinsics } from './references.js';
import { reservedTagKeys, TAG_PREFIX } from './tagging.js';

const TYPE_PATTERN = /^([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9_@-]+)$/;

export function validateResources(resources: readonly Resource[], stackName: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (resource: Resource, path: string, message: string): void => {
    diagnostics.push({ path: `${resource.id}.${path}`, message: `${resource.id}: ${message}` });
  };
  for (const resource of resources) checkShape(resource, report);

  const { collisions } = assignLogicalIds(resources.map((resource) => resource.id));
  for (const collision of collisions) {
    diagnostics.push({
      path: collision.ids[0],
      message: `${collision.ids.map((id) => `"${id}"`).join(', ')} all become logical id "${collision.logicalId}" in stack ${stackName}: rename all but one (the last ":" segment names the resource; only letters and digits count)`,
    });
  }

  const logicalIds = new Map(resources.map((resource) => [logicalIdOf(resource.id), resource.id]));
  for (const resource of resources) {
    const properties = resource.attributes['Properties'];
    for (const found of findIntrinsics(properties, 'Properties')) {
      const target = logicalIds.get(found.logicalId);
      if (target === undefined) continue;
      report(
        resource,
        found.path,
        `refers to "${found.logicalId}" with a raw Ref/Fn::GetAtt: write "$kusion_path.${target}.Ref" (or .<Attribute>) so Kusion knows the dependency`,
      );
    }
    const type = resource.attributes['Type'];
    if (typeof type === 'string' && isRecord(properties)) {
      for (const key of reservedTagKeys(type, properties)) {
        report(
          resource,
          'Properties.Tags',
          `tag "${key}" uses the prefix "${TAG_PREFIX}", which Kusion reserves for its ownership tags`,
        );
      }
    }
  }
  return diagnostics;
}

function checkShape(
  resource: Resource,
  report: (resource: Resource, path: string, message: string) => void,
): void {
  const { attributes } = resource;
  for (const key of Object.keys(attributes)) {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) {
      report(
        resource,
        key,
        `unknown attribute "${key}" (allowed: ${TEMPLATE_KEYS.join(', ')}); write CloudFormation properties under Properties`,
      );
    }
  }
  const type = attributes['Type'];
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type)) {
    report(
      resource,
      'Type',
      `Type must be a CloudFormation resource type such as "AWS::SQS::Queue", received ${type === undefined ? 'nothing' : JSON.stringify(type)}`,
    );
  } else {
    const idType = /^aws:(.+::.+):[^:]*$/.exec(resource.id)?.[1];
    if (idType !== undefined && idType !== type)
      report(resource, 'Type', `the id names type ${idType} but Type is ${type}`);
  }
  const properties = attributes['Properties'];
  if (properties !== undefined && !isRecord(properties))
    report(resource, 'Properties', 'Properties must be an object');
  checkChoice(resource, 'DeletionPolicy', DELETION_POLICIES, report);
  checkChoice(resource, 'UpdateReplacePolicy', UPDATE_REPLACE_POLICIES, report);
  if (
    logicalIdOf(resource.id) === 'Resource' &&
    !/[A-Za-z0-9]/.test(resource.id.slice(resource.id.lastIndexOf(':') + 1))
  ) {
    report(
      resource,
      'id',
      'the last ":" segment of the id must contain a letter or digit: it becomes the CloudFormation logical id',
    );
  }
}

function checkChoice(
  resource: Resource,
  key: string,
  allowed: readonly string[],
  report: (resource: Resource, path: string, message: string) => void,
): void {
  const value = resource.attributes[key];
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
    report(
      resource,
      key,
      `${key} must be one of ${allowed.join(', ')}, received ${JSON.stringify(value)}`,
    );
  }
}

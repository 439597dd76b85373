/**
 * Checks `Azure` resources before planning. Every problem is returned, none thrown, so the user
 * sees all of them at once: the attribute shape, the type and name agreeing with each other and
 * with the id, a resource group to deploy to, two ids naming the same ARM resource, reserved
 * tags, and references between resource groups that go both ways (their deployments could not
 * be ordered).
 */
import type { Diagnostic, Resource } from '@kusion/sdk';
import {
  WRITTEN_KEYS,
  isArmExpression,
  isRecord,
  parseKusionId,
  splitType,
} from './azure-resource.js';
import { orderResourceGroups } from './resource-groups.js';
import { reservedTagKeys } from './tagging.js';
import { targetsOf } from './targets.js';
import type { TargetDefaults } from './targets.js';
import { RESOURCE_GROUP_PATTERN } from '../settings.js';

const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(\/[A-Za-z][A-Za-z0-9]*)+$/;
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/;
const OBJECT_KEYS = ['properties', 'sku', 'identity'] as const;

export function validateResources(
  resources: readonly Resource[],
  defaults: TargetDefaults,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (resource: Resource, path: string, message: string): void => {
    diagnostics.push({ path: `${resource.id}.${path}`, message: `${resource.id}: ${message}` });
  };
  for (const resource of resources) checkShape(resource, defaults, report);
  if (diagnostics.length) return diagnostics;

  const targets = targetsOf(resources, defaults);
  const byArmId = new Map<string, string[]>();
  for (const target of targets.values()) {
    const key = target.armId.toLowerCase();
    byArmId.set(key, [...(byArmId.get(key) ?? []), target.id]);
  }
  for (const ids of byArmId.values()) {
    if (ids.length < 2) continue;
    diagnostics.push({
      path: ids[0],
      message: `${ids.map((id) => `"${id}"`).join(', ')} all name the same Azure resource ${targets.get(ids[0] ?? '')?.armId ?? ''}: keep one of them`,
    });
  }
  const order = orderResourceGroups(resources, targets);
  if ('cycle' in order) {
    diagnostics.push({
      message: `resource groups ${order.cycle.join(' and ')} reference each other's resources: their deployments cannot be ordered; keep resources that reference each other in one resource group`,
    });
  }
  return diagnostics;
}

function checkShape(
  resource: Resource,
  defaults: TargetDefaults,
  report: (resource: Resource, path: string, message: string) => void,
): void {
  const { attributes } = resource;
  for (const key of Object.keys(attributes)) {
    if ((WRITTEN_KEYS as readonly string[]).includes(key)) continue;
    report(
      resource,
      key,
      key === 'id'
        ? '"id" is the ARM resource id, which Kusion sets after deploying: leave it out'
        : `unknown attribute "${key}" (allowed: ${WRITTEN_KEYS.join(', ')})`,
    );
  }
  const type = attributes['type'];
  const fromId = parseKusionId(resource.id);
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type)) {
    report(
      resource,
      'type',
      `type must be an ARM resource type such as "Microsoft.Storage/storageAccounts", received ${type === undefined ? 'nothing' : JSON.stringify(type)}`,
    );
  } else if (fromId && fromId.type.toLowerCase() !== type.toLowerCase()) {
    report(resource, 'type', `the id names type ${fromId.type} but type is ${type}`);
  }
  const apiVersion = attributes['apiVersion'];
  if (typeof apiVersion !== 'string' || !API_VERSION_PATTERN.test(apiVersion))
    report(
      resource,
      'apiVersion',
      `apiVersion must be the resource provider's api-version such as "2023-01-01", received ${apiVersion === undefined ? 'nothing' : JSON.stringify(apiVersion)}`,
    );
  checkName(resource, typeof type === 'string' ? type : undefined, fromId?.name, report);
  const group = attributes['resourceGroup'];
  if (group !== undefined && (typeof group !== 'string' || !RESOURCE_GROUP_PATTERN.test(group)))
    report(
      resource,
      'resourceGroup',
      `resourceGroup must be a resource group name, received ${JSON.stringify(group)}`,
    );
  if (group === undefined && defaults.resourceGroup === undefined)
    report(
      resource,
      'resourceGroup',
      'no resource group: set providers.azure.resourceGroup in the workspace, or resourceGroup on the resource',
    );
  for (const key of OBJECT_KEYS) {
    const value = attributes[key];
    if (value !== undefined && !isRecord(value) && !isArmExpression(value))
      report(resource, key, `${key} must be an object`);
  }
  const tags = attributes['tags'];
  if (tags !== undefined && !isRecord(tags) && !isArmExpression(tags))
    report(resource, 'tags', 'tags must be an object of names and values');
  for (const key of reservedTagKeys(tags))
    report(
      resource,
      `tags.${key}`,
      `tag "${key}" uses the prefix "kusion-", which Kusion reserves for its ownership tags`,
    );
}

function checkName(
  resource: Resource,
  type: string | undefined,
  nameFromId: string | undefined,
  report: (resource: Resource, path: string, message: string) => void,
): void {
  const written = resource.attributes['name'];
  if (written !== undefined && (typeof written !== 'string' || written === '')) {
    report(resource, 'name', 'name must be a non-empty string');
    return;
  }
  const name = written ?? nameFromId;
  if (name === undefined) {
    report(resource, 'name', 'name is required when the id is not written "azure:<type>:<name>"');
    return;
  }
  if (type === undefined) return;
  const expected = splitType(type).types.length;
  if (name.split('/').length !== expected)
    report(
      resource,
      'name',
      `a ${type} needs a name of ${expected} segment${expected > 1 ? 's' : ''} separated by "/" (parent names first, e.g. "${['account', 'default', 'logs'].slice(-expected).join('/')}"), received ${JSON.stringify(name)}`,
    );
}

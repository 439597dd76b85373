/**
 * What-if of an incremental deployment: for each template resource `Create` (it does not exist) or
 * `Modify`/`NoChange` (its predicted representation against the current one, values Azure computes
 * left out); resources of the group the template does not mention are `Ignore`. With
 * `resultFormat: ResourceIdOnly`, existing resources are `Deploy` and nothing else is predicted.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError } from '../http/arm-error.ts';
import { textOf } from '../json-value.ts';
import type { JsonObject } from '../json-value.ts';
import {
  findResource,
  previewPut,
  resourcesInGroup,
  viewResource,
} from '../resources/resource-engine.ts';
import { resourceKey } from '../resources/resource-id.ts';
import type { ResourceTypeDefinition } from '../resources/resource-type.ts';
import type { PreparedTemplate } from '../template/template-evaluator.ts';
import type { TemplateResource } from '../template/template-resources.ts';
import { currentStateResolver } from './preflight.ts';
import { changesToJson, propertyDelta, withoutPaths } from './property-delta.ts';
import type { PropertyChange } from './property-delta.ts';

export type WhatIfResultFormat = 'FullResourcePayloads' | 'ResourceIdOnly';

/** Never a change: identity, concurrency tokens and the provisioning state. */
const ALWAYS_READ_ONLY = [
  'id',
  'name',
  'type',
  'etag',
  'apiVersion',
  'systemData',
  'properties.provisioningState',
];

function ignoredPaths(definition: ResourceTypeDefinition): string[] {
  return [...ALWAYS_READ_ONLY, ...definition.readOnlyPaths, ...(definition.writeOnlyPaths ?? [])];
}

function changeOf(
  context: EmulatorContext,
  template: PreparedTemplate,
  resource: TemplateResource,
  format: WhatIfResultFormat,
): JsonObject {
  const existing = findResource(context.state, resource.id);
  const resourceId = existing?.resourceId ?? resource.resourceId;
  if (format === 'ResourceIdOnly')
    return { resourceId, changeType: existing === undefined ? 'Create' : 'Deploy' };
  const body = template.body(resource, currentStateResolver(context), { deferUnknown: true });
  const identity = {
    id: resourceId,
    name: resource.id.names.at(-1) ?? resource.name,
    type: resource.definition.type,
    apiVersion: resource.apiVersion,
  };
  if (existing === undefined) {
    const after = withoutPaths({ ...identity, ...body }, resource.definition.writeOnlyPaths ?? []);
    return { resourceId, changeType: 'Create', after };
  }
  let predicted: JsonObject;
  try {
    predicted = previewPut(context.state, {
      id: resource.id,
      definition: resource.definition,
      apiVersion: resource.apiVersion,
      body,
    });
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    return { resourceId, changeType: 'Unsupported', unsupportedReason: error.message };
  }
  const before = { ...viewResource(context.state, existing), apiVersion: existing.apiVersion };
  const after = { ...predicted, apiVersion: resource.apiVersion };
  const ignored = ignoredPaths(resource.definition);
  const delta: PropertyChange[] = propertyDelta(
    withoutPaths(before, ignored),
    withoutPaths(after, ignored),
  );
  return {
    resourceId,
    changeType: delta.length === 0 ? 'NoChange' : 'Modify',
    before,
    after,
    ...(delta.length === 0 ? {} : { delta: changesToJson(delta) }),
  };
}

export function whatIfChanges(
  context: EmulatorContext,
  template: PreparedTemplate,
  resourceGroup: string,
  format: WhatIfResultFormat,
): JsonObject[] {
  const enabled = template.resources.filter((resource) => resource.isEnabled);
  const inTemplate = new Set(enabled.map((resource) => resourceKey(resource.id)));
  const changes = enabled.map((resource) => changeOf(context, template, resource, format));
  for (const resource of resourcesInGroup(context.state, resourceGroup))
    if (resource.id.types.length === 1 && !inTemplate.has(resourceKey(resource.id)))
      changes.push({ resourceId: resource.resourceId, changeType: 'Ignore' });
  return changes.sort((left, right) =>
    textOf(left['resourceId'])
      .toLowerCase()
      .localeCompare(textOf(right['resourceId']).toLowerCase()),
  );
}

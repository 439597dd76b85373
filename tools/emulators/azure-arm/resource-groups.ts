/**
 * Resource groups: PUT (201 created, 200 updated), GET, HEAD (204/404), PATCH (tags), list, and
 * DELETE as a long-running operation (202 + `Location`) that removes everything in the group.
 */
import type { EmulatorContext } from './emulator-context.ts';
import { ArmError } from './http/arm-error.ts';
import { empty, json } from './http/exchange.ts';
import type { ArmRequest, ArmResponse } from './http/exchange.ts';
import { isJsonObject, propertyOf } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import { operationResultUrl, startOperation } from './long-running/operations.ts';
import { invalidContent } from './resources/body-rules.ts';
import { deleteResourcesInGroup } from './resources/resource-engine.ts';
import { resourceGroupIdOf } from './resources/resource-id.ts';
import { resourcesApiVersionOf } from './routing/api-version.ts';
import { findResourceGroup, requireResourceGroup } from './state/emulator-state.ts';
import type { ResourceGroupRecord } from './state/emulator-state.ts';
import { canonicalLocation, LOCATIONS } from './state/locations.ts';

export function resourceGroupView(
  context: EmulatorContext,
  group: ResourceGroupRecord,
): JsonObject {
  return {
    id: resourceGroupIdOf(context.state.subscriptionId, group.name),
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    ...(group.tags === undefined ? {} : { tags: group.tags }),
    ...(group.managedBy === undefined ? {} : { managedBy: group.managedBy }),
    properties: { provisioningState: group.isDeleting ? 'Deleting' : 'Succeeded' },
  };
}

function tagsOf(body: JsonObject): JsonObject | undefined {
  const tags = propertyOf(body, 'tags');
  if (tags === undefined || tags === null) return undefined;
  if (!isJsonObject(tags))
    throw invalidContent("Error converting value for property 'tags': an object is expected.");
  return tags;
}

function managedByOf(body: JsonObject): string | undefined {
  const managedBy = propertyOf(body, 'managedBy');
  return typeof managedBy === 'string' ? managedBy : undefined;
}

function putGroup(context: EmulatorContext, name: string, request: ArmRequest): ArmResponse {
  const body = request.body;
  if (!isJsonObject(body)) throw invalidContent('The request body must be a JSON object.');
  const requested = propertyOf(body, 'location');
  if (typeof requested !== 'string' || requested === '')
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.',
    );
  const location = canonicalLocation(requested);
  if (location === undefined)
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${requested}' is not available for resource group. List of available regions is '${LOCATIONS.join(',')}'.`,
    );
  const existing = findResourceGroup(context.state, name);
  if (existing !== undefined) {
    requireResourceGroup(context.state, name, { isWrite: true });
    if (existing.location !== location)
      throw new ArmError(
        409,
        'InvalidResourceGroupLocation',
        `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
      );
    existing.tags = tagsOf(body);
    existing.managedBy = managedByOf(body);
    return json(200, resourceGroupView(context, existing));
  }
  const group: ResourceGroupRecord = {
    name,
    location,
    tags: tagsOf(body),
    managedBy: managedByOf(body),
    isDeleting: false,
  };
  context.state.resourceGroups.set(name.toLowerCase(), group);
  return json(201, resourceGroupView(context, group));
}

function deleteGroup(context: EmulatorContext, name: string, apiVersion: string): ArmResponse {
  const group = requireResourceGroup(context.state, name);
  group.isDeleting = true;
  const operation = startOperation(context, {
    apiVersion,
    complete: () => {
      deleteResourcesInGroup(context.state, group.name);
      for (const [key, deployment] of context.state.deployments)
        if (deployment.resourceGroup.toLowerCase() === group.name.toLowerCase())
          context.state.deployments.delete(key);
      context.state.resourceGroups.delete(group.name.toLowerCase());
      return { status: 'Succeeded', result: empty(200) };
    },
  });
  return empty(202, {
    Location: operationResultUrl(context, operation),
    'Retry-After': String(context.settings.retryAfterSeconds),
  });
}

/** `/subscriptions/{s}/resourcegroups/{name}` */
export function handleResourceGroup(
  context: EmulatorContext,
  request: ArmRequest,
  name: string,
): ArmResponse {
  const apiVersion = resourcesApiVersionOf(request);
  switch (request.method) {
    case 'PUT':
      return putGroup(context, name, request);
    case 'GET':
      return json(200, resourceGroupView(context, requireResourceGroup(context.state, name)));
    case 'HEAD':
      return empty(findResourceGroup(context.state, name) === undefined ? 404 : 204);
    case 'PATCH': {
      const group = requireResourceGroup(context.state, name, { isWrite: true });
      const body = request.body;
      if (!isJsonObject(body)) throw invalidContent('The request body must be a JSON object.');
      if (propertyOf(body, 'tags') !== undefined) group.tags = tagsOf(body);
      if (propertyOf(body, 'managedBy') !== undefined) group.managedBy = managedByOf(body);
      return json(200, resourceGroupView(context, group));
    }
    case 'DELETE':
      return deleteGroup(context, name, apiVersion);
    default:
      throw methodNotAllowed(request);
  }
}

/** `/subscriptions/{s}/resourcegroups` */
export function listResourceGroups(context: EmulatorContext, request: ArmRequest): ArmResponse {
  resourcesApiVersionOf(request);
  if (request.method !== 'GET') throw methodNotAllowed(request);
  return json(200, {
    value: [...context.state.resourceGroups.values()].map((group) =>
      resourceGroupView(context, group),
    ),
  });
}

export function methodNotAllowed(request: ArmRequest): ArmError {
  return new ArmError(
    405,
    'MethodNotAllowed',
    `The requested resource does not support http method '${request.method}'.`,
  );
}

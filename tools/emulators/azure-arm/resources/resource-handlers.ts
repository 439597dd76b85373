/**
 * Generic resources by id (`…/providers/{namespace}/{type}/{name}[/{childType}/{childName}…]`):
 * GET, HEAD, PUT, PATCH, DELETE, with the long-running answers of types whose writes are
 * long-running in Azure; and the listing of a group's resources.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { empty, json } from '../http/exchange.ts';
import type { ArmRequest, ArmResponse } from '../http/exchange.ts';
import { textOf } from '../json-value.ts';
import type { JsonObject } from '../json-value.ts';
import {
  operationStatusUrl,
  providerResultUrl,
  startOperation,
} from '../long-running/operations.ts';
import { methodNotAllowed } from '../resource-groups.ts';
import { apiVersionOf, resourcesApiVersionOf } from '../routing/api-version.ts';
import { requireResourceGroup } from '../state/emulator-state.ts';
import type { StoredResource } from '../state/emulator-state.ts';
import { parseResourceFilter } from './list-filter.ts';
import {
  deleteResource,
  findResource,
  patchResource,
  putResource,
  resourceNotFound,
  resourcesInGroup,
  viewResource,
} from './resource-engine.ts';
import { fullTypeOf } from './resource-id.ts';
import type { ResourceId } from './resource-id.ts';
import type { LongRunningMode } from './resource-type.ts';
import { resolveResourceType } from './type-registry.ts';

function longRunningAnswer(
  context: EmulatorContext,
  mode: LongRunningMode,
  resource: StoredResource,
  apiVersion: string,
  complete: () => ArmResponse,
): ArmResponse {
  const location = textOf(resource.representation['location'] ?? 'global');
  const base = `/subscriptions/${context.state.subscriptionId}/providers/${resource.id.namespace}/locations/${location}`;
  const operation = startOperation(context, {
    apiVersion,
    runningStatus: 'InProgress',
    complete: () => ({ status: 'Succeeded', result: complete() }),
  });
  const headers: Record<string, string> = {
    Location: providerResultUrl(context, base, operation),
    'Retry-After': String(context.settings.retryAfterSeconds),
  };
  if (mode === 'azure-async-operation')
    headers['Azure-AsyncOperation'] = operationStatusUrl(context, base, operation);
  return empty(202, headers);
}

function withProvisioningState(resource: StoredResource, state: string): void {
  const properties = resource.representation['properties'] as JsonObject;
  resource.representation = {
    ...resource.representation,
    properties: { ...properties, provisioningState: state },
  };
}

function put(
  context: EmulatorContext,
  request: ArmRequest,
  id: ResourceId,
  apiVersion: string,
  location: string,
): ArmResponse {
  const definition = resolveResourceType(fullTypeOf(id), apiVersion, location);
  const { resource, isCreated } = putResource(context.state, {
    id,
    definition,
    apiVersion,
    body: request.body,
  });
  if (isCreated && definition.createMode !== undefined) {
    const finished = resource.representation;
    withProvisioningState(resource, 'Creating');
    return longRunningAnswer(context, definition.createMode, resource, apiVersion, () => {
      resource.representation = finished;
      return json(200, viewResource(context.state, resource));
    });
  }
  return json(isCreated ? 201 : 200, viewResource(context.state, resource));
}

function remove(
  context: EmulatorContext,
  id: ResourceId,
  apiVersion: string,
  location: string,
): ArmResponse {
  const definition = resolveResourceType(fullTypeOf(id), apiVersion, location);
  const resource = findResource(context.state, id);
  if (resource === undefined || !context.state.resources.has(resource.resourceId.toLowerCase()))
    return empty(204);
  if (definition.deleteMode !== undefined) {
    withProvisioningState(resource, 'Deleting');
    return longRunningAnswer(context, definition.deleteMode, resource, apiVersion, () => {
      deleteResource(context.state, id);
      return empty(200);
    });
  }
  deleteResource(context.state, id);
  return empty(200);
}

export function handleResource(
  context: EmulatorContext,
  request: ArmRequest,
  id: ResourceId,
): ArmResponse {
  const apiVersion = apiVersionOf(request);
  const isWrite = ['PUT', 'PATCH', 'DELETE'].includes(request.method);
  const group = requireResourceGroup(context.state, id.resourceGroup, { isWrite });
  switch (request.method) {
    case 'GET':
    case 'HEAD': {
      resolveResourceType(fullTypeOf(id), apiVersion, group.location);
      const resource = findResource(context.state, id);
      if (request.method === 'HEAD') return empty(resource === undefined ? 404 : 204);
      if (resource === undefined) throw resourceNotFound(id);
      return json(200, viewResource(context.state, resource));
    }
    case 'PUT':
      return put(context, request, id, apiVersion, group.location);
    case 'PATCH': {
      const definition = resolveResourceType(fullTypeOf(id), apiVersion, group.location);
      const { resource } = patchResource(context.state, {
        id,
        definition,
        apiVersion,
        body: request.body,
      });
      return json(200, viewResource(context.state, resource));
    }
    case 'DELETE':
      return remove(context, id, apiVersion, group.location);
    default:
      throw methodNotAllowed(request);
  }
}

/** `GET /subscriptions/{s}/resourcegroups/{rg}/resources`: the group's top-level resources. */
export function listGroupResources(
  context: EmulatorContext,
  request: ArmRequest,
  resourceGroup: string,
): ArmResponse {
  resourcesApiVersionOf(request);
  if (request.method !== 'GET') throw methodNotAllowed(request);
  const group = requireResourceGroup(context.state, resourceGroup);
  const matches = parseResourceFilter(request.query.get('$filter'));
  const summaries = resourcesInGroup(context.state, group.name)
    .filter((resource) => resource.id.types.length === 1)
    .map((resource) => {
      const { properties: _properties, etag: _etag, ...summary } = resource.representation;
      return summary;
    })
    .filter(matches);
  const top = Number(request.query.get('$top') ?? Number.NaN);
  return json(200, {
    value: Number.isInteger(top) && top > 0 ? summaries.slice(0, top) : summaries,
  });
}

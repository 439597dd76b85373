/**
 * Which handler answers a path. ARM paths match case-insensitively (the SDKs send
 * `resourcegroups`, documentation writes `resourceGroups`); everything under `/subscriptions`
 * needs a bearer token and an `api-version`. Entra's endpoints sit under `/{tenant}/…`.
 */
import { authenticate } from '../auth/bearer.ts';
import { issueToken, openIdConfiguration, signingKeys } from '../auth/entra.ts';
import type { EntraOptions } from '../auth/entra.ts';
import { handleDeployments } from '../deployments/deployment-handlers.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError } from '../http/arm-error.ts';
import { isSegment, json } from '../http/exchange.ts';
import type { ArmRequest, ArmResponse } from '../http/exchange.ts';
import { answerOperationResult, answerOperationStatus } from '../long-running/operations.ts';
import { handleResourceGroup, listResourceGroups, methodNotAllowed } from '../resource-groups.ts';
import { handleResource, listGroupResources } from '../resources/resource-handlers.ts';
import { resourceIdFromSegments } from '../resources/resource-id.ts';
import { requireSubscription } from '../state/emulator-state.ts';
import { apiVersionOf } from './api-version.ts';

function notServed(request: ArmRequest): ArmError {
  return new ArmError(
    404,
    'NotFound',
    `The path '${request.path}' is not served by the ARM emulator.`,
  );
}

function subscriptionView(context: EmulatorContext): ArmResponse['body'] {
  const { subscriptionId, tenantId } = context.state;
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId,
    displayName: 'ARM emulator subscription',
    state: 'Enabled',
  };
}

async function routeSubscription(
  context: EmulatorContext,
  request: ArmRequest,
): Promise<ArmResponse> {
  await authenticate(context, request);
  apiVersionOf(request);
  const [, subscriptionId, ...rest] = request.segments;
  if (subscriptionId === undefined) {
    if (request.method !== 'GET') throw methodNotAllowed(request);
    return json(200, { value: [subscriptionView(context) ?? null] });
  }
  requireSubscription(context.state, subscriptionId);
  const [first, second, third, ...more] = rest;
  if (first === undefined) {
    if (request.method !== 'GET') throw methodNotAllowed(request);
    return json(200, subscriptionView(context) ?? null);
  }
  if (isSegment(first, 'resourcegroups')) {
    if (second === undefined) return listResourceGroups(context, request);
    if (third === undefined) return handleResourceGroup(context, request, second);
    if (isSegment(third, 'resources') && more.length === 0)
      return listGroupResources(context, request, second);
    // Deployment operations also live outside `providers/Microsoft.Resources` (the SDK uses this form).
    if (isSegment(third, 'deployments') && isSegment(more[1], 'operations'))
      return handleDeployments(context, request, second, more);
    if (isSegment(third, 'providers')) {
      if (isSegment(more[0], 'Microsoft.Resources') && isSegment(more[1], 'deployments'))
        return handleDeployments(context, request, second, more.slice(2));
      const id = resourceIdFromSegments(subscriptionId, second, more);
      if (id !== undefined) return handleResource(context, request, id);
    }
    throw notServed(request);
  }
  if (isSegment(first, 'operationresults') && second !== undefined && third === undefined)
    return answerOperationResult(context, second, selfUrl(context, request));
  // A resource provider's own polling URLs: /providers/{namespace}/locations/{location}/operation…/{id}
  if (isSegment(first, 'providers') && isSegment(third, 'locations') && more.length === 3) {
    const [, kind, id] = more;
    if (id !== undefined && isSegment(kind, 'operationStatuses'))
      return answerOperationStatus(context, id);
    if (id !== undefined && isSegment(kind, 'operationResults'))
      return answerOperationResult(context, id, selfUrl(context, request));
  }
  throw notServed(request);
}

function selfUrl(context: EmulatorContext, request: ArmRequest): string {
  const query = request.query.toString();
  return `${context.endpoint}${request.path}${query === '' ? '' : `?${query}`}`;
}

export async function routeRequest(
  context: EmulatorContext,
  entra: EntraOptions,
  request: ArmRequest,
): Promise<ArmResponse> {
  const segments = request.segments;
  if (isSegment(segments[0], 'subscriptions')) return routeSubscription(context, request);
  const [tenant, ...rest] = segments;
  if (tenant !== undefined) {
    const path = rest.join('/').toLowerCase();
    if (path === 'v2.0/.well-known/openid-configuration' && request.method === 'GET')
      return openIdConfiguration(context, tenant);
    if (path === 'oauth2/v2.0/token' && request.method === 'POST')
      return issueToken(context, entra, tenant, request);
    if (path === 'discovery/v2.0/keys' && request.method === 'GET')
      return signingKeys(context, tenant);
  }
  throw notServed(request);
}

/**
 * Template deployments at resource-group scope,
 * `/subscriptions/{s}/resourcegroups/{rg}/providers/Microsoft.Resources/deployments[/{name}[/…]]`:
 * PUT (201 + `Azure-AsyncOperation`), GET, HEAD, LIST, DELETE (202 + `Location`), `cancel`,
 * `validate` (200, or 400 with the error), `whatIf` (202 + `Location`), `exportTemplate` (200) and
 * `operations`.
 * Only incremental mode is emulated.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError } from '../http/arm-error.ts';
import { empty, isSegment, json } from '../http/exchange.ts';
import type { ArmRequest, ArmResponse } from '../http/exchange.ts';
import { isJsonObject, objectOf, propertyOf, textOf } from '../json-value.ts';
import type { JsonObject } from '../json-value.ts';
import {
  answerOperationStatus,
  finish,
  isRunning,
  observe,
  operationResultUrl,
  operationStatusUrl,
  startOperation,
} from '../long-running/operations.ts';
import { methodNotAllowed, resourceGroupView } from '../resource-groups.ts';
import { invalidContent } from '../resources/body-rules.ts';
import { resourcesApiVersionOf } from '../routing/api-version.ts';
import { deploymentKey, requireResourceGroup } from '../state/emulator-state.ts';
import type { ResourceGroupRecord } from '../state/emulator-state.ts';
import { prepareTemplate } from '../template/template-evaluator.ts';
import type { PreparedTemplate } from '../template/template-evaluator.ts';
import { deploymentWaves } from '../template/template-resources.ts';
import { deploymentProperties, deploymentView, operationView } from './deployment-record.ts';
import type { DeploymentRecord } from './deployment-record.ts';
import { runDeployment } from './deployment-runner.ts';
import { preflight } from './preflight.ts';
import { whatIfChanges } from './what-if.ts';
import type { WhatIfResultFormat } from './what-if.ts';

interface DeploymentRequest {
  readonly context: EmulatorContext;
  readonly request: ArmRequest;
  readonly group: ResourceGroupRecord;
  readonly name: string;
  readonly apiVersion: string;
}

function deploymentPath(
  context: EmulatorContext,
  group: ResourceGroupRecord,
  name: string,
): string {
  return `/subscriptions/${context.state.subscriptionId}/resourcegroups/${group.name}/providers/Microsoft.Resources/deployments/${name}`;
}

function notFound(name: string): ArmError {
  return new ArmError(404, 'DeploymentNotFound', `Deployment '${name}' could not be found.`);
}

function findDeployment({ context, group, name }: DeploymentRequest): DeploymentRecord | undefined {
  return context.state.deployments.get(deploymentKey(group.name, name));
}

function requireDeployment(request: DeploymentRequest): DeploymentRecord {
  const record = findDeployment(request);
  if (record === undefined) throw notFound(request.name);
  return record;
}

/** Reads the deployment body and prepares its template (parameters, resources, preflight). */
function prepare({ context, request, group, name }: DeploymentRequest): {
  template: PreparedTemplate;
  properties: JsonObject;
} {
  const body = request.body;
  if (!isJsonObject(body)) throw invalidContent('The request body must be a JSON object.');
  const properties = objectOf(propertyOf(body, 'properties'));
  if (properties === undefined)
    throw invalidContent(
      "Required property 'properties' not found in JSON. Path '', line 1, position 1.",
    );
  const mode = propertyOf(properties, 'mode');
  if (typeof mode !== 'string')
    throw invalidContent(
      "Required property 'properties.mode' not found in JSON. Path '', line 1, position 1.",
    );
  if (mode.toLowerCase() !== 'incremental')
    throw new ArmError(
      400,
      'UnsupportedDeploymentMode',
      `The deployment mode '${mode}' is not supported by the ARM emulator: only 'Incremental' is (Complete mode would delete the group's resources that the template does not list).`,
    );
  for (const link of ['templateLink', 'parametersLink'])
    if (propertyOf(properties, link) !== undefined)
      throw new ArmError(
        400,
        'InvalidTemplate',
        `Deployment template validation failed: 'properties.${link} is not supported by the ARM emulator; give the template and parameters inline.'.`,
      );
  const template = prepareTemplate(
    propertyOf(properties, 'template'),
    propertyOf(properties, 'parameters'),
    {
      subscriptionId: context.state.subscriptionId,
      tenantId: context.state.tenantId,
      resourceGroup: {
        ...resourceGroupView(context, group),
        name: group.name,
        location: group.location,
      },
    },
  );
  deploymentWaves(template.resources);
  preflight(context, template, name);
  return { template, properties };
}

function put(call: DeploymentRequest): ArmResponse {
  const { context, request, group, name, apiVersion } = call;
  const previous = findDeployment(call);
  if (previous?.operation !== undefined && isRunning(previous.operation))
    throw new ArmError(
      409,
      'DeploymentActive',
      `Unable to edit or replace deployment '${name}': previous deployment from '${new Date(previous.startedAt).toISOString()}' is still active. Please see https://aka.ms/arm-deploy for usage details.`,
    );
  const { template } = prepare(call);
  const tags = objectOf(propertyOf(request.body as JsonObject, 'tags'));
  const record: DeploymentRecord = {
    name,
    resourceGroup: group.name,
    id: `/subscriptions/${context.state.subscriptionId}/resourceGroups/${group.name}/providers/Microsoft.Resources/deployments/${name}`,
    correlationId: request.correlationId,
    template,
    tags,
    startedAt: Date.now(),
    provisioningState: 'Accepted',
    endedAt: undefined,
    outputs: undefined,
    outputResources: [],
    error: undefined,
    operations: [],
    operation: undefined,
  };
  const operation = startOperation(context, {
    apiVersion,
    complete: () => runDeployment(context, record, group.location),
  });
  record.operation = operation;
  context.state.deployments.set(deploymentKey(group.name, name), record);
  return json(201, deploymentView(record, group.location), {
    'Azure-AsyncOperation': operationStatusUrl(
      context,
      deploymentPath(context, group, name),
      operation,
    ),
  });
}

/** A look at a running deployment moves it on, as a poll does. */
function observeDeployment(record: DeploymentRecord): void {
  if (record.operation === undefined || !isRunning(record.operation)) return;
  if (observe(record.operation) === undefined) record.provisioningState = 'Running';
}

function cancel(call: DeploymentRequest): ArmResponse {
  const record = requireDeployment(call);
  const operation = record.operation;
  if (operation === undefined || !isRunning(operation))
    throw new ArmError(
      409,
      'DeploymentCannotBeCancelled',
      `The deployment '${record.name}' cannot be cancelled because it is in the '${record.provisioningState}' state. Only deployments in the 'Accepted' or 'Running' state can be cancelled.`,
    );
  record.provisioningState = 'Canceled';
  record.endedAt = Date.now();
  finish(operation, {
    status: 'Canceled',
    result: json(200, deploymentView(record, call.group.location)),
  });
  return empty(204);
}

function remove(call: DeploymentRequest): ArmResponse {
  const { context, group, name, apiVersion } = call;
  const record = findDeployment(call);
  if (record === undefined) return empty(204);
  if (record.operation !== undefined && isRunning(record.operation))
    throw new ArmError(
      409,
      'DeploymentActive',
      `The deployment '${name}' is still running and cannot be deleted; cancel it first.`,
    );
  const operation = startOperation(context, {
    apiVersion,
    complete: () => {
      context.state.deployments.delete(deploymentKey(group.name, name));
      return { status: 'Succeeded', result: empty(200) };
    },
  });
  return empty(202, {
    Location: operationResultUrl(context, operation),
    'Retry-After': String(context.settings.retryAfterSeconds),
  });
}

function validate(call: DeploymentRequest): ArmResponse {
  const { context, request, group, name } = call;
  const { template } = prepare(call);
  return json(200, {
    id: `/subscriptions/${context.state.subscriptionId}/resourceGroups/${group.name}/providers/Microsoft.Resources/deployments/${name}`,
    name,
    type: 'Microsoft.Resources/deployments',
    properties: {
      ...deploymentProperties(template, {
        provisioningState: 'Succeeded',
        correlationId: request.correlationId,
        location: group.location,
      }),
      validatedResources: template.resources
        .filter((resource) => resource.isEnabled)
        .map((resource) => ({ id: resource.resourceId })),
    },
  });
}

function whatIf(call: DeploymentRequest): ArmResponse {
  const { context, group, apiVersion } = call;
  const { template, properties } = prepare(call);
  const settings = objectOf(propertyOf(properties, 'whatIfSettings'));
  const format: WhatIfResultFormat =
    textOf(settings?.['resultFormat']).toLowerCase() === 'resourceidonly'
      ? 'ResourceIdOnly'
      : 'FullResourcePayloads';
  const operation = startOperation(context, {
    apiVersion,
    complete: () => {
      try {
        const changes = whatIfChanges(context, template, group.name, format);
        return {
          status: 'Succeeded',
          result: json(200, { status: 'Succeeded', properties: { changes } }),
        };
      } catch (error) {
        if (!(error instanceof ArmError)) throw error;
        return {
          status: 'Failed',
          error: error.detail,
          result: json(200, {
            status: 'Failed',
            error: { code: error.code, message: error.message },
          }),
        };
      }
    },
  });
  return empty(202, {
    Location: operationResultUrl(context, operation),
    'Retry-After': String(context.settings.retryAfterSeconds),
  });
}

/**
 * `POST …/exportTemplate`: the template as deployed. Like ARM, it is the template alone — the
 * deployment's parameter values are not part of it, so a secure parameter's value never leaves.
 */
function exportTemplate(call: DeploymentRequest): ArmResponse {
  const record = requireDeployment(call);
  return json(200, { template: record.template.source });
}

function operations(call: DeploymentRequest, operationId: string | undefined): ArmResponse {
  const record = requireDeployment(call);
  observeDeployment(record);
  if (operationId === undefined)
    return json(200, {
      value: record.operations.map((operation) => operationView(record, operation)),
    });
  const operation = record.operations.find(
    (candidate) => candidate.operationId.toLowerCase() === operationId.toLowerCase(),
  );
  if (operation === undefined)
    throw new ArmError(
      404,
      'DeploymentOperationNotFound',
      `Deployment operation '${operationId}' of deployment '${record.name}' could not be found.`,
    );
  return json(200, operationView(record, operation));
}

/** `rest` is what follows `…/deployments`. */
export function handleDeployments(
  context: EmulatorContext,
  request: ArmRequest,
  resourceGroup: string,
  rest: readonly string[],
): ArmResponse {
  const apiVersion = resourcesApiVersionOf(request);
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  const group = requireResourceGroup(context.state, resourceGroup, { isWrite });
  const [name, action, item, ...extra] = rest;
  if (name === undefined) {
    if (request.method !== 'GET') throw methodNotAllowed(request);
    const records = [...context.state.deployments.values()].filter(
      (record) => record.resourceGroup.toLowerCase() === group.name.toLowerCase(),
    );
    return json(200, { value: records.map((record) => deploymentView(record, group.location)) });
  }
  const call: DeploymentRequest = { context, request, group, name, apiVersion };
  if (extra.length > 0)
    throw new ArmError(404, 'NotFound', `The path '${request.path}' is not an ARM endpoint.`);
  if (action === undefined) {
    switch (request.method) {
      case 'PUT':
        return put(call);
      case 'GET': {
        const record = requireDeployment(call);
        observeDeployment(record);
        return json(200, deploymentView(record, group.location));
      }
      case 'HEAD':
        return empty(findDeployment(call) === undefined ? 404 : 204);
      case 'DELETE':
        return remove(call);
      default:
        throw methodNotAllowed(request);
    }
  }
  const actions: readonly (readonly [string, string, () => ArmResponse])[] = [
    ['cancel', 'POST', () => cancel(call)],
    ['validate', 'POST', () => validate(call)],
    ['whatIf', 'POST', () => whatIf(call)],
    ['exportTemplate', 'POST', () => exportTemplate(call)],
    ['operations', 'GET', () => operations(call, item)],
    ['operationStatuses', 'GET', () => pollStatus(call, item)],
  ];
  const match = actions.find(([segment]) => isSegment(action, segment));
  if (match === undefined)
    throw new ArmError(404, 'NotFound', `The path '${request.path}' is not an ARM endpoint.`);
  const [, method, answer] = match;
  if (request.method !== method) throw methodNotAllowed(request);
  return answer();
}

/** `…/deployments/{name}/operationStatuses/{id}`: the deployment's `Azure-AsyncOperation`. */
function pollStatus(call: DeploymentRequest, id: string | undefined): ArmResponse {
  const record = requireDeployment(call);
  if (id === undefined) throw notFound(call.name);
  const answer = answerOperationStatus(call.context, id);
  if (record.operation !== undefined && isRunning(record.operation))
    record.provisioningState = 'Running';
  return answer;
}

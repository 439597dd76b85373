/**
 * Runs a deployment when its long-running operation comes due: resources in dependency waves,
 * each a PUT through the same engine as direct writes; a failure (the resource provider's error
 * or an injected one) fails that resource and skips what depends on it while independent
 * resources still deploy; outputs are evaluated after the resources.
 *
 * Within a wave, resources see the state as it was before the wave: a child whose parent is
 * created in the same wave (a missing `dependsOn`) fails with `ParentResourceNotFound`, and a
 * `reference()` to a resource created in the same wave finds nothing — as a real, parallel ARM
 * deployment can, but deterministically.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError, statusCodeName } from '../http/arm-error.ts';
import type { ArmErrorDetail } from '../http/arm-error.ts';
import { json } from '../http/exchange.ts';
import type { OperationOutcome } from '../long-running/operation.ts';
import {
  findResource,
  putResource,
  resourceNotFound,
  viewResource,
} from '../resources/resource-engine.ts';
import { parentOf, resourceKey, templateNameOf } from '../resources/resource-id.ts';
import type { ResourceId } from '../resources/resource-id.ts';
import { requireResourceGroup } from '../state/emulator-state.ts';
import type { ReferenceResolver } from '../template/template-evaluator.ts';
import { deploymentWaves } from '../template/template-resources.ts';
import type { TemplateResource } from '../template/template-resources.ts';
import { deploymentView, isoDuration, newOperationId } from './deployment-record.ts';
import type { DeploymentOperationRecord, DeploymentRecord } from './deployment-record.ts';

/** `reference()` against the emulator's resources, hiding those `hidden` (created in this wave). */
export function referenceResolver(
  context: EmulatorContext,
  hidden: ReadonlySet<string>,
): ReferenceResolver {
  return ({ id, apiVersion, isFull }) => {
    const stored = isVisible(context, id, hidden) ? findResource(context.state, id) : undefined;
    if (stored === undefined) throw resourceNotFound(id);
    const view = viewResource(context.state, stored);
    if (isFull) return { ...view, apiVersion };
    return view['properties'] ?? {};
  };
}

function operationOf(
  resource: TemplateResource,
  startedAt: number,
  outcome: { readonly statusCode: string; readonly error?: ArmErrorDetail },
): DeploymentOperationRecord {
  return {
    operationId: newOperationId(),
    provisioningOperation: 'Create',
    provisioningState: outcome.error === undefined ? 'Succeeded' : 'Failed',
    timestamp: new Date().toISOString(),
    duration: isoDuration(Date.now() - startedAt),
    statusCode: outcome.statusCode,
    error: outcome.error,
    targetResource: {
      id: resource.resourceId,
      resourceType: resource.definition.type,
      resourceName: resource.name,
      apiVersion: resource.apiVersion,
    },
  };
}

/** Exists, and neither it nor an ancestor was created in the current wave. */
function isVisible(
  context: EmulatorContext,
  id: ResourceId,
  createdInWave: ReadonlySet<string>,
): boolean {
  for (let current: ResourceId | undefined = id; current !== undefined; current = parentOf(current))
    if (createdInWave.has(resourceKey(current))) return false;
  return findResource(context.state, id) !== undefined;
}

function deployResource(
  context: EmulatorContext,
  record: DeploymentRecord,
  resource: TemplateResource,
  createdInWave: ReadonlySet<string>,
): DeploymentOperationRecord {
  const startedAt = Date.now();
  try {
    // The group may have been deleted while the deployment waited for its poll.
    requireResourceGroup(context.state, resource.id.resourceGroup, { isWrite: true });
    const body = record.template.body(resource, referenceResolver(context, createdInWave));
    const injected = context.faults.takeResourceFailure(resource.name, resource.resourceId);
    if (injected !== undefined) throw injected;
    const parent = parentOf(resource.id);
    if (parent !== undefined && !isVisible(context, parent, createdInWave))
      throw new ArmError(
        404,
        'ParentResourceNotFound',
        `Can not perform requested operation on nested resource. Parent resource '${templateNameOf(parent)}' not found.`,
      );
    const { isCreated } = putResource(context.state, {
      id: resource.id,
      definition: resource.definition,
      apiVersion: resource.apiVersion,
      body,
    });
    return operationOf(resource, startedAt, { statusCode: statusCodeName(isCreated ? 201 : 200) });
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    return operationOf(resource, startedAt, {
      statusCode: statusCodeName(error.status),
      error: { ...error.detail, target: error.detail.target ?? resource.resourceId },
    });
  }
}

export function runDeployment(
  context: EmulatorContext,
  record: DeploymentRecord,
  location: string,
): OperationOutcome {
  record.provisioningState = 'Running';
  const failed = new Set<number>();
  const skipped = new Set<number>();
  const failures: ArmErrorDetail[] = [];
  for (const wave of deploymentWaves(record.template.resources)) {
    const createdInWave = new Set<string>();
    for (const resource of wave) {
      if (!resource.isEnabled) continue;
      if (resource.dependsOn.some((index) => failed.has(index) || skipped.has(index))) {
        skipped.add(resource.index);
        continue;
      }
      const existed = context.state.resources.has(resourceKey(resource.id));
      const operation = deployResource(context, record, resource, createdInWave);
      record.operations.push(operation);
      if (operation.error !== undefined) {
        failed.add(resource.index);
        failures.push(operation.error);
      } else {
        record.outputResources.push(resource.resourceId);
        if (!existed) createdInWave.add(resourceKey(resource.id));
      }
    }
  }
  if (failures.length > 0) {
    record.error = {
      code: 'DeploymentFailed',
      target: record.id,
      message:
        'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
      details: failures.map(({ code, message, target }) => ({
        code,
        message,
        ...(target === undefined ? {} : { target }),
      })),
    };
  } else if (record.template.hasOutputs) {
    const startedAt = Date.now();
    let error: ArmErrorDetail | undefined;
    try {
      record.outputs = record.template.outputs(referenceResolver(context, new Set()));
    } catch (thrown) {
      if (!(thrown instanceof ArmError)) throw thrown;
      error = thrown.detail;
      record.error = thrown.detail;
    }
    record.operations.push({
      operationId: newOperationId(),
      provisioningOperation: 'EvaluateDeploymentOutput',
      provisioningState: error === undefined ? 'Succeeded' : 'Failed',
      timestamp: new Date().toISOString(),
      duration: isoDuration(Date.now() - startedAt),
      statusCode: error === undefined ? 'OK' : 'BadRequest',
      error,
      targetResource: undefined,
    });
  }
  record.provisioningState = record.error === undefined ? 'Succeeded' : 'Failed';
  record.endedAt = Date.now();
  const result = json(200, deploymentView(record, location));
  return record.error === undefined
    ? { status: 'Succeeded', result }
    : { status: 'Failed', error: record.error, result };
}

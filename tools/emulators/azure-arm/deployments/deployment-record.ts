/**
 * A template deployment as the emulator keeps it, and as GET answers it: provisioning state,
 * timestamps, outputs, output resources, the error on failure, and its deployment operations.
 */
import { randomUUID } from 'node:crypto';
import { detailToJson } from '../http/arm-error.ts';
import type { ArmErrorDetail } from '../http/arm-error.ts';
import type { JsonObject } from '../json-value.ts';
import type { LongRunningOperation } from '../long-running/operation.ts';
import type { PreparedTemplate } from '../template/template-evaluator.ts';
import { echoedParameters } from '../template/template-parameters.ts';

export type DeploymentState = 'Accepted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export interface DeploymentOperationRecord {
  readonly operationId: string;
  readonly provisioningOperation: 'Create' | 'EvaluateDeploymentOutput';
  readonly provisioningState: 'Succeeded' | 'Failed';
  readonly timestamp: string;
  readonly duration: string;
  readonly statusCode: string;
  readonly error: ArmErrorDetail | undefined;
  readonly targetResource:
    | {
        readonly id: string;
        readonly resourceType: string;
        readonly resourceName: string;
        readonly apiVersion: string;
      }
    | undefined;
}

export interface DeploymentRecord {
  readonly name: string;
  readonly resourceGroup: string;
  readonly id: string;
  readonly correlationId: string;
  readonly template: PreparedTemplate;
  readonly tags: JsonObject | undefined;
  readonly startedAt: number;
  provisioningState: DeploymentState;
  endedAt: number | undefined;
  outputs: JsonObject | undefined;
  outputResources: string[];
  error: ArmErrorDetail | undefined;
  operations: DeploymentOperationRecord[];
  /** The long-running operation clients poll (`Azure-AsyncOperation`). */
  operation: LongRunningOperation | undefined;
}

/** ISO 8601 duration as ARM writes it: `PT1.2345678S`. */
export function isoDuration(milliseconds: number): string {
  return `PT${(milliseconds / 1000).toFixed(7)}S`;
}

export function newOperationId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase();
}

function providersOf(template: PreparedTemplate, location: string): JsonObject[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const resource of template.resources) {
    const types = byNamespace.get(resource.id.namespace) ?? new Set<string>();
    types.add(resource.id.types.join('/'));
    byNamespace.set(resource.id.namespace, types);
  }
  return [...byNamespace].map(([namespace, types]) => ({
    namespace,
    resourceTypes: [...types].map((resourceType) => ({ resourceType, locations: [location] })),
  }));
}

function dependenciesOf(template: PreparedTemplate): JsonObject[] {
  const reference = (index: number): JsonObject => {
    const resource = template.resources[index];
    return resource === undefined
      ? {}
      : {
          id: resource.resourceId,
          resourceType: resource.definition.type,
          resourceName: resource.name,
        };
  };
  return template.resources
    .filter((resource) => resource.dependsOn.length > 0)
    .map((resource) => ({
      dependsOn: resource.dependsOn.map(reference),
      ...reference(resource.index),
    }));
}

/** The deployment's `properties` common to GET and validate. */
export function deploymentProperties(
  template: PreparedTemplate,
  state: {
    readonly provisioningState: string;
    readonly correlationId: string;
    readonly location: string;
  },
): JsonObject {
  return {
    templateHash: template.templateHash,
    parameters: echoedParameters(template.parameters),
    mode: 'Incremental',
    provisioningState: state.provisioningState,
    timestamp: new Date().toISOString(),
    duration: 'PT0S',
    correlationId: state.correlationId,
    providers: providersOf(template, state.location),
    dependencies: dependenciesOf(template),
  };
}

export function deploymentView(record: DeploymentRecord, location: string): JsonObject {
  const end = record.endedAt ?? Date.now();
  return {
    id: record.id,
    name: record.name,
    type: 'Microsoft.Resources/deployments',
    ...(record.tags === undefined ? {} : { tags: record.tags }),
    properties: {
      ...deploymentProperties(record.template, {
        provisioningState: record.provisioningState,
        correlationId: record.correlationId,
        location,
      }),
      timestamp: new Date(end).toISOString(),
      duration: isoDuration(end - record.startedAt),
      ...(record.outputs === undefined ? {} : { outputs: record.outputs }),
      ...(record.provisioningState === 'Succeeded' || record.provisioningState === 'Failed'
        ? { outputResources: record.outputResources.map((id) => ({ id })) }
        : {}),
      ...(record.error === undefined ? {} : { error: detailToJson(record.error) }),
    },
  };
}

export function operationView(
  record: DeploymentRecord,
  operation: DeploymentOperationRecord,
): JsonObject {
  return {
    id: `${record.id}/operations/${operation.operationId}`,
    operationId: operation.operationId,
    properties: {
      provisioningOperation: operation.provisioningOperation,
      provisioningState: operation.provisioningState,
      timestamp: operation.timestamp,
      duration: operation.duration,
      trackingId: randomUUID(),
      serviceRequestId: randomUUID(),
      statusCode: operation.statusCode,
      ...(operation.error === undefined
        ? {}
        : { statusMessage: { status: 'Failed', error: detailToJson(operation.error) } }),
      ...(operation.targetResource === undefined
        ? {}
        : { targetResource: { ...operation.targetResource } }),
    },
  };
}

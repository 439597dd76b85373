/**
 * Everything the emulator remembers, in memory: one subscription's resource groups, resources,
 * deployments and the long-running operations still being polled.
 */
import type { DeploymentRecord } from '../deployments/deployment-record.ts';
import { ArmError } from '../http/arm-error.ts';
import type { JsonObject } from '../json-value.ts';
import type { LongRunningOperation } from '../long-running/operation.ts';
import type { ResourceId } from '../resources/resource-id.ts';
import type { ResourceTypeDefinition } from '../resources/resource-type.ts';

export interface ResourceGroupRecord {
  readonly name: string;
  readonly location: string;
  tags: JsonObject | undefined;
  managedBy: string | undefined;
  /** Set by DELETE until its long-running operation completes. */
  isDeleting: boolean;
}

export interface StoredResource {
  readonly id: ResourceId;
  /** The formatted id, in the casing of the request that created it. */
  readonly resourceId: string;
  readonly definition: ResourceTypeDefinition;
  apiVersion: string;
  /** What GET answers, less children written inline (folded in when answering). */
  representation: JsonObject;
}

export interface EmulatorState {
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** By lower-case name. */
  readonly resourceGroups: Map<string, ResourceGroupRecord>;
  /** By lower-case resource id. */
  readonly resources: Map<string, StoredResource>;
  /** By `resourceGroup/name`, lower-case. */
  readonly deployments: Map<string, DeploymentRecord>;
  /** By operation id. */
  readonly operations: Map<string, LongRunningOperation>;
}

export function createEmulatorState(subscriptionId: string, tenantId: string): EmulatorState {
  return {
    subscriptionId,
    tenantId,
    resourceGroups: new Map(),
    resources: new Map(),
    deployments: new Map(),
    operations: new Map(),
  };
}

export function clearEmulatorState(state: EmulatorState): void {
  state.resourceGroups.clear();
  state.resources.clear();
  state.deployments.clear();
  state.operations.clear();
}

export function requireSubscription(state: EmulatorState, subscriptionId: string): void {
  if (subscriptionId.toLowerCase() !== state.subscriptionId.toLowerCase())
    throw new ArmError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`,
    );
}

export function findResourceGroup(
  state: EmulatorState,
  name: string,
): ResourceGroupRecord | undefined {
  return state.resourceGroups.get(name.toLowerCase());
}

/** The group, or 404 `ResourceGroupNotFound`; for writes also 409 while it is being deleted. */
export function requireResourceGroup(
  state: EmulatorState,
  name: string,
  options: { readonly isWrite?: boolean } = {},
): ResourceGroupRecord {
  const group = findResourceGroup(state, name);
  if (group === undefined)
    throw new ArmError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${name}' could not be found.`,
    );
  if (options.isWrite === true && group.isDeleting)
    throw new ArmError(
      409,
      'ResourceGroupBeingDeleted',
      `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`,
    );
  return group;
}

export function deploymentKey(resourceGroup: string, name: string): string {
  return `${resourceGroup}/${name}`.toLowerCase();
}

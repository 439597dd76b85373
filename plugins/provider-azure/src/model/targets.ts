/**
 * Where each resource of a batch lives: its ARM type, name, api-version, resource group and id,
 * worked out once from the attributes and the workspace defaults. References, templates, plans
 * and deletes all look resources up here.
 */
import type { Resource, ResourceState } from '@kusion/sdk';
import { armNameOf, formatArmId } from './azure-resource.js';
import type { AzureTarget } from './azure-resource.js';

export interface TargetDefaults {
  readonly subscriptionId: string;
  readonly resourceGroup?: string | undefined;
}

/** The target of a resource, assuming it was validated; the group may come from the defaults. */
export function targetOf(
  resource: Pick<Resource, 'id' | 'attributes'>,
  defaults: TargetDefaults,
): AzureTarget {
  const { attributes } = resource;
  const type = textOf(attributes['type']);
  const name = armNameOf(resource);
  const written = attributes['resourceGroup'];
  const resourceGroup = typeof written === 'string' ? written : (defaults.resourceGroup ?? '');
  return {
    id: resource.id,
    type,
    apiVersion: textOf(attributes['apiVersion']),
    name,
    resourceGroup,
    armId: formatArmId(defaults.subscriptionId, resourceGroup, type, name),
  };
}

/**
 * The target a recorded resource was deployed to: its recorded `id` and group win over what the
 * defaults would give now (the workspace may have changed its default group since).
 */
export function priorTargetOf(prior: ResourceState, defaults: TargetDefaults): AzureTarget {
  const target = targetOf(prior, defaults);
  const recordedId = prior.attributes['id'];
  return typeof recordedId === 'string' ? { ...target, armId: recordedId } : target;
}

/** Targets by Kusion id. */
export function targetsOf(
  resources: readonly Pick<Resource, 'id' | 'attributes'>[],
  defaults: TargetDefaults,
): Map<string, AzureTarget> {
  return new Map(resources.map((resource) => [resource.id, targetOf(resource, defaults)]));
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

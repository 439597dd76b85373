/**
 * The shape of an `Azure` resource's attributes: one ARM resource as written in a template,
 * plus the resource group it lives in.
 *
 *   { type: "Microsoft.Storage/storageAccounts", apiVersion: "2023-01-01", name: "shopdata",
 *     location: "eastus", sku: { name: "Standard_LRS" }, kind: "StorageV2", properties: {...} }
 *
 * `name` defaults to the last `:` segment of an id `azure:<type>:<name>`, `resourceGroup` to the
 * workspace's `providers.azure.resourceGroup`. After apply the provider adds `id` (the ARM
 * resource id) and each attribute other providers reference, at its own path
 * (`properties.primaryEndpoints.blob`).
 */
import { isKusionPath } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';

export const RESOURCE_TYPE = 'Azure';
export const ID_PREFIX = 'azure:';

/** The keys a user writes. */
export const WRITTEN_KEYS = [
  'type',
  'apiVersion',
  'name',
  'resourceGroup',
  'location',
  'sku',
  'kind',
  'identity',
  'zones',
  'tags',
  'properties',
] as const;

/** The keys of a template resource sent to the resource provider as the resource's body. */
export const BODY_KEYS = [
  'location',
  'sku',
  'kind',
  'identity',
  'zones',
  'tags',
  'properties',
] as const;

/** Paths that name the resource: their values are known before anything is deployed. */
export const IDENTITY_KEYS = ['type', 'apiVersion', 'name', 'resourceGroup'] as const;

/** Where one resource lives in ARM. */
export interface AzureTarget {
  readonly id: string;
  /** `Microsoft.Storage/storageAccounts/blobServices/containers` */
  readonly type: string;
  readonly apiVersion: string;
  /** `shopdata/default/assets` for a child. */
  readonly name: string;
  readonly resourceGroup: string;
  /** The ARM resource id: `/subscriptions/…/resourceGroups/…/providers/…`. */
  readonly armId: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `type` and name of an id written `azure:<type>:<name>`, if it is written that way. */
export function parseKusionId(id: string): { type: string; name: string } | undefined {
  const match = /^azure:([^:]+):([^:]+)$/.exec(id);
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { type: match[1], name: match[2] };
}

/** The ARM name of a resource: `name`, else the id's last segment. */
export function armNameOf(resource: Pick<Resource, 'id' | 'attributes'>): string {
  const name = resource.attributes['name'];
  if (typeof name === 'string' && name !== '') return name;
  return parseKusionId(resource.id)?.name ?? '';
}

/** `Microsoft.Storage/storageAccounts/blobServices` → namespace and type segments. */
export function splitType(type: string): { namespace: string; types: string[] } {
  const [namespace = '', ...types] = type.split('/');
  return { namespace, types };
}

/** The ARM resource id of a type and full name in a group. */
export function formatArmId(
  subscriptionId: string,
  resourceGroup: string,
  type: string,
  name: string,
): string {
  const { namespace, types } = splitType(type);
  const names = name.split('/');
  const path = types.map((segment, index) => `${segment}/${names[index] ?? ''}`).join('/');
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${path}`;
}

/** ARM compares ids, types and names without regard to case. */
export function sameArmId(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && right !== undefined && left.toLowerCase() === right.toLowerCase();
}

/** Top-level resources are tracked (location, tags); children are proxy resources. */
export function isTopLevel(type: string): boolean {
  return splitType(type).types.length === 1;
}

/** The part of attributes the user writes, without `resourceGroup` (not part of ARM's body). */
export function writtenPartOf(attributes: Attributes): Record<string, unknown> {
  return Object.fromEntries(
    WRITTEN_KEYS.flatMap((key) => (attributes[key] === undefined ? [] : [[key, attributes[key]]])),
  );
}

/** A string ARM evaluates: `[...]`, but not the `[[` escape of a literal bracket. */
export function isArmExpression(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.startsWith('[') &&
    !value.startsWith('[[') &&
    value.endsWith(']')
  );
}

/** A value with no reference or ARM expression anywhere inside. */
export function isPlainValue(value: unknown): boolean {
  if (isKusionPath(value) || isArmExpression(value)) return false;
  if (Array.isArray(value)) return value.every(isPlainValue);
  if (isRecord(value)) return Object.values(value).every(isPlainValue);
  return value !== undefined;
}

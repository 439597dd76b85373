/**
 * An Azure resource as `@kusion/provider-azure` deploys it: one ARM resource as written in a
 * template (`type`, `apiVersion`, `location`, `sku`, `kind`, `properties`, optional
 * `resourceGroup`), id `azure:<type>:<name>`. A child's name has one segment per level, parents
 * first (`shopdata/default/assets`), and the provider orders it after its parent by itself.
 * `$kusion_path.<id>.id` becomes `resourceId(...)` and any other path `reference(...)` in the
 * template, or a deployment output when another provider reads it.
 */
import { kusionPath } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';
import { withoutUndefined } from './kubernetes-resource.js';

export interface AzureResourceOptions {
  readonly dependsOn?: readonly string[] | undefined;
  readonly sensitivePaths?: readonly string[] | undefined;
}

/** `azure:Microsoft.Storage/storageAccounts:shopdata`. */
export function azureResourceId(type: string, name: string): string {
  return `azure:${type}:${name}`;
}

/**
 * `attributes` without `type` (taken from `type`); undefined values are dropped, so optional
 * platform settings can be passed through as they are.
 */
export function azureResource(
  type: string,
  name: string,
  attributes: Attributes,
  options: AzureResourceOptions = {},
): Resource {
  return {
    id: azureResourceId(type, name),
    type: 'Azure',
    attributes: { type, ...(withoutUndefined(attributes) as Attributes) },
    ...(options.dependsOn?.length ? { dependsOn: [...options.dependsOn] } : {}),
    ...(options.sensitivePaths?.length
      ? { extensions: { sensitivePaths: [...options.sensitivePaths] } }
      : {}),
  };
}

/**
 * `$kusion_path.<id>.<path>` into the resource's ARM representation (`id`,
 * `properties.fullyQualifiedDomainName`, `properties.primaryEndpoints.blob`...), resolved at apply
 * time.
 */
export function azureAttribute(resource: Pick<Resource, 'id'>, path: string): string {
  return kusionPath(resource.id, path);
}

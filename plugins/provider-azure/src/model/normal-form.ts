/**
 * The one normal form of an `Azure` resource's attributes, shared by apply results and `read`:
 * what the user wrote (name and resource group filled in, references as written), the ARM
 * resource `id`, and each attribute other providers reference at its own path. `read` lays live
 * values over exactly these paths, so an undrifted resource reads back as it was applied.
 */
import { setAtPath } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';
import { writtenPartOf } from './azure-resource.js';
import type { AzureTarget } from './azure-resource.js';

export function normalAttributes(
  resource: Pick<Resource, 'attributes'>,
  target: AzureTarget,
  values: ReadonlyMap<string, unknown> = new Map(),
): Attributes {
  const attributes: Record<string, unknown> = structuredClone({
    ...writtenPartOf(resource.attributes),
    name: target.name,
    resourceGroup: target.resourceGroup,
    id: target.armId,
  });
  for (const [path, value] of values) setAtPath(attributes, path, structuredClone(value));
  return attributes;
}

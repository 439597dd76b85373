/**
 * Resource ids: `/subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}` with
 * any number of `/{childType}/{childName}` pairs after it.
 */
export interface ResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly namespace: string;
  /** Type segments below the namespace: `['storageAccounts', 'blobServices', 'containers']`. */
  readonly types: readonly string[];
  readonly names: readonly string[];
}

export function fullTypeOf(id: Pick<ResourceId, 'namespace' | 'types'>): string {
  return [id.namespace, ...id.types].join('/');
}

export function formatResourceId(id: ResourceId): string {
  const pairs = id.types.flatMap((type, index) => [type, id.names[index] ?? '']);
  return [
    '',
    'subscriptions',
    id.subscriptionId,
    'resourceGroups',
    id.resourceGroup,
    'providers',
    id.namespace,
    ...pairs,
  ].join('/');
}

/** The key resources are stored under: ids compare case-insensitively in ARM. */
export function resourceKey(id: ResourceId | string): string {
  return (typeof id === 'string' ? id : formatResourceId(id)).toLowerCase();
}

export function resourceGroupIdOf(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function parentOf(id: ResourceId): ResourceId | undefined {
  if (id.types.length < 2) return undefined;
  return { ...id, types: id.types.slice(0, -1), names: id.names.slice(0, -1) };
}

/** The name a template gives the resource: `vnet/subnet` for a child. */
export function templateNameOf(id: ResourceId): string {
  return id.names.join('/');
}

/** Parses path segments after `/subscriptions/{s}/resourcegroups/{rg}/providers/`. */
export function resourceIdFromSegments(
  subscriptionId: string,
  resourceGroup: string,
  providerSegments: readonly string[],
): ResourceId | undefined {
  const [namespace, ...rest] = providerSegments;
  if (namespace === undefined || rest.length < 2 || rest.length % 2 !== 0) return undefined;
  const types = rest.filter((_, index) => index % 2 === 0);
  const names = rest.filter((_, index) => index % 2 === 1);
  if ([...types, ...names].some((segment) => segment === '')) return undefined;
  return { subscriptionId, resourceGroup, namespace, types, names };
}

export function parseResourceId(text: string): ResourceId | undefined {
  const segments = text.split('/').filter((segment) => segment !== '');
  const [subscriptions, subscriptionId, groups, resourceGroup, providers, ...rest] = segments;
  if (
    subscriptions?.toLowerCase() !== 'subscriptions' ||
    groups?.toLowerCase() !== 'resourcegroups' ||
    providers?.toLowerCase() !== 'providers' ||
    subscriptionId === undefined ||
    resourceGroup === undefined
  )
    return undefined;
  return resourceIdFromSegments(subscriptionId, resourceGroup, rest);
}

/** `Microsoft.Storage/storageAccounts/shop/blobServices/default`: the namespace, then type/name pairs. */
export function qualifiedNameOf(id: ResourceId): string {
  return [id.namespace, ...id.types.flatMap((type, index) => [type, id.names[index] ?? ''])].join(
    '/',
  );
}

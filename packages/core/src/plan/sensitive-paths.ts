import { SENSITIVE_PATHS_EXTENSION } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';

/** The paths a resource declares sensitive (`extensions.sensitivePaths`) plus the provider's. */
export function sensitivePathsOf(resource: Resource, fromProvider: readonly string[] | undefined): readonly string[] {
  const declared = resource.extensions?.[SENSITIVE_PATHS_EXTENSION];
  const fromResource = Array.isArray(declared) ? declared.filter((p): p is string => typeof p === 'string') : [];
  if (!fromProvider?.length) return fromResource;
  return [...new Set([...fromResource, ...fromProvider])];
}

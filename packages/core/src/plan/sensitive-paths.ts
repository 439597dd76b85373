import { declaredSensitivePaths } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';

/** The paths a resource declares sensitive (`extensions.sensitivePaths`) plus the provider's. */
export function sensitivePathsOf(
  resource: Resource,
  fromProvider: readonly string[] | undefined,
): readonly string[] {
  const fromResource = declaredSensitivePaths(resource);
  if (!fromProvider?.length) return fromResource;
  return [...new Set([...fromResource, ...fromProvider])];
}

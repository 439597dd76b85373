/**
 * Recorded values under sensitive paths never leave the server, not even as the salted hashes and
 * sealed values the backend keeps: state and spec are masked with the sdk's masking, by the paths
 * the state records as sensitive and those a resource declares.
 */
import { createFieldMatcher, declaredSensitivePaths, maskSensitive } from '@kusion/sdk';
import type { Attributes, Release, Resource, ResourceState } from '@kusion/sdk';

function sensitivePathsOf(resource: Resource, state?: ResourceState): string[] {
  return [...declaredSensitivePaths(resource), ...(state?.sensitivePaths ?? [])];
}

function masked(attributes: Attributes, paths: readonly string[]): Attributes {
  if (!paths.length) return attributes;
  return maskSensitive(attributes, createFieldMatcher(paths)) as Attributes;
}

export function maskStateResource(resource: ResourceState): ResourceState {
  return {
    ...resource,
    attributes: masked(resource.attributes, sensitivePathsOf(resource, resource)),
  };
}

export function maskRelease(release: Release): Release {
  const states = new Map(release.state.resources.map((r) => [r.id, r]));
  return {
    ...release,
    spec: {
      ...release.spec,
      resources: release.spec.resources.map((resource) => ({
        ...resource,
        attributes: masked(
          resource.attributes,
          sensitivePathsOf(resource, states.get(resource.id)),
        ),
      })),
    },
    state: { ...release.state, resources: release.state.resources.map(maskStateResource) },
  };
}

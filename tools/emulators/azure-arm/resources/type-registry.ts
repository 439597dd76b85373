/**
 * Finds a resource type's definition and answers as ARM does for what it does not know: an
 * unknown namespace, an unknown type in a known namespace, or an api-version the type lacks.
 */
import { ArmError } from '../http/arm-error.ts';
import { LOCATIONS } from '../state/locations.ts';
import type { ResourceTypeDefinition } from './resource-type.ts';
import { RESOURCE_TYPES } from './types/index.ts';

const BY_TYPE: ReadonlyMap<string, ResourceTypeDefinition> = new Map(
  RESOURCE_TYPES.map((definition) => [definition.type.toLowerCase(), definition]),
);

const NAMESPACES: ReadonlySet<string> = new Set(
  RESOURCE_TYPES.map((definition) => definition.type.split('/')[0]?.toLowerCase() ?? ''),
);

export function findResourceType(fullType: string): ResourceTypeDefinition | undefined {
  return BY_TYPE.get(fullType.toLowerCase());
}

/** The definition for `fullType` at `apiVersion`, or the ArmError ARM answers with. */
export function resolveResourceType(
  fullType: string,
  apiVersion: string,
  location: string | undefined,
): ResourceTypeDefinition {
  const [namespace = '', ...types] = fullType.split('/');
  const definition = findResourceType(fullType);
  if (definition === undefined) {
    if (!NAMESPACES.has(namespace.toLowerCase()))
      throw new ArmError(
        400,
        'InvalidResourceNamespace',
        `The resource namespace '${namespace}' is invalid.`,
      );
    throw new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${types.join('/')}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    );
  }
  if (!definition.apiVersions.includes(apiVersion)) {
    const supported = [...definition.apiVersions].reverse().join(', ');
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location ?? 'global'}' and API version '${apiVersion}' for type '${types.join('/')}'. The supported api-versions are '${supported}'. The supported locations are '${LOCATIONS.join(', ')}'.`,
    );
  }
  return definition;
}

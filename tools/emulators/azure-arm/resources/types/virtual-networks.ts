/**
 * Microsoft.Network virtual networks and their subnets. Subnets are children that a virtual
 * network's PUT also writes inline (`properties.subnets`): as in Azure, a PUT of the network
 * without them removes the subnets it has.
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from '../../http/arm-error.ts';
import { objectOf, textOf } from '../../json-value.ts';
import {
  invalidContent,
  isCidr,
  optionalArray,
  optionalString,
  propertiesOf,
  valueAt,
  withDefaults,
} from '../body-rules.ts';
import type { ResourceTypeDefinition } from '../resource-type.ts';
import { NETWORK_API_VERSIONS } from './network-api-versions.ts';

function checkPrefix(prefix: string, resourceId: string): void {
  if (!isCidr(prefix))
    throw new ArmError(
      400,
      'InvalidAddressPrefixFormat',
      `Address prefix ${prefix} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
    );
}

export const virtualNetworks: ResourceTypeDefinition = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersions: NETWORK_API_VERSIONS,
  isTracked: true,
  etagStyle: 'weak',
  nestedChildren: { property: 'subnets', childType: 'Microsoft.Network/virtualNetworks/subnets' },
  readOnlyPaths: [
    'properties.resourceGuid',
    'properties.subnets.*.id',
    'properties.subnets.*.etag',
    'properties.subnets.*.type',
    'properties.subnets.*.properties.provisioningState',
  ],
  build: ({ body, existing, resourceId }) => {
    const requested = propertiesOf(body);
    const prefixes = optionalArray(requested, 'addressSpace.addressPrefixes');
    if (prefixes === undefined || prefixes.length === 0)
      throw invalidContent(
        "Required property 'properties.addressSpace.addressPrefixes' not found in JSON. Path '', line 1, position 1.",
      );
    for (const prefix of prefixes) {
      if (typeof prefix !== 'string') throw invalidContent('Address prefixes must be strings.');
      checkPrefix(prefix, resourceId);
    }
    const previous = objectOf(existing?.['properties']) ?? {};
    return {
      properties: {
        ...withDefaults({ enableDdosProtection: false, virtualNetworkPeerings: [] }, requested),
        provisioningState: 'Succeeded',
        resourceGuid: optionalString(previous, 'resourceGuid') ?? randomUUID(),
      },
    };
  },
};

export const subnets: ResourceTypeDefinition = {
  type: 'Microsoft.Network/virtualNetworks/subnets',
  apiVersions: NETWORK_API_VERSIONS,
  isTracked: false,
  etagStyle: 'weak',
  readOnlyPaths: [],
  build: ({ body, resourceId }) => {
    const requested = propertiesOf(body);
    const single = valueAt(requested, 'addressPrefix');
    const many = optionalArray(requested, 'addressPrefixes');
    if (typeof single === 'string') checkPrefix(single, resourceId);
    else if (many !== undefined && many.length > 0)
      for (const prefix of many) checkPrefix(textOf(prefix), resourceId);
    else
      throw invalidContent(
        "Required property 'properties.addressPrefix' not found in JSON. Path '', line 1, position 1.",
      );
    return {
      properties: {
        ...withDefaults(
          {
            delegations: [],
            privateEndpointNetworkPolicies: 'Disabled',
            privateLinkServiceNetworkPolicies: 'Enabled',
          },
          requested,
        ),
        provisioningState: 'Succeeded',
      },
    };
  },
};

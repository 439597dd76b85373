/**
 * Microsoft.Network network security groups: the rules a request gives (each with its computed
 * id and etag) and the six default rules Azure adds to every group.
 */
import { randomUUID } from 'node:crypto';
import { isJsonObject, objectOf, textOf } from '../../json-value.ts';
import type { JsonObject, JsonValue } from '../../json-value.ts';
import {
  invalidContent,
  oneOf,
  optionalArray,
  optionalString,
  propertiesOf,
  requiredString,
  valueAt,
} from '../body-rules.ts';
import type { ResourceTypeDefinition } from '../resource-type.ts';
import { NETWORK_API_VERSIONS } from './network-api-versions.ts';

const DEFAULT_RULES: readonly (readonly [string, string, number, string, string, string])[] = [
  [
    'AllowVnetInBound',
    'Allow inbound traffic from all VMs in VNET',
    65000,
    'Allow',
    'Inbound',
    'VirtualNetwork',
  ],
  [
    'AllowAzureLoadBalancerInBound',
    'Allow inbound traffic from azure load balancer',
    65001,
    'Allow',
    'Inbound',
    'AzureLoadBalancer',
  ],
  ['DenyAllInBound', 'Deny all inbound traffic', 65500, 'Deny', 'Inbound', '*'],
  [
    'AllowVnetOutBound',
    'Allow outbound traffic from all VMs to all VMs in VNET',
    65000,
    'Allow',
    'Outbound',
    'VirtualNetwork',
  ],
  [
    'AllowInternetOutBound',
    'Allow outbound traffic from all VMs to Internet',
    65001,
    'Allow',
    'Outbound',
    'Internet',
  ],
  ['DenyAllOutBound', 'Deny all outbound traffic', 65500, 'Deny', 'Outbound', '*'],
];

function weakEtag(): string {
  return `W/"${randomUUID()}"`;
}

function defaultRules(groupId: string): JsonValue[] {
  return DEFAULT_RULES.map(([name, description, priority, access, direction, prefix]) => {
    const isInbound = direction === 'Inbound';
    return {
      name,
      id: `${groupId}/defaultSecurityRules/${name}`,
      etag: weakEtag(),
      type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
      properties: {
        provisioningState: 'Succeeded',
        description,
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
        sourceAddressPrefix: isInbound ? prefix : 'VirtualNetwork',
        destinationAddressPrefix: isInbound ? (prefix === '*' ? '*' : 'VirtualNetwork') : prefix,
        access,
        priority,
        direction,
        sourcePortRanges: [],
        destinationPortRanges: [],
        sourceAddressPrefixes: [],
        destinationAddressPrefixes: [],
      },
    };
  });
}

function securityRule(rule: JsonValue, groupId: string): JsonObject {
  if (!isJsonObject(rule)) throw invalidContent('Each security rule must be an object.');
  const name = requiredString(rule, 'name');
  const properties = objectOf(valueAt(rule, 'properties')) ?? {};
  const priority = valueAt(properties, 'priority');
  if (typeof priority !== 'number' || priority < 100 || priority > 4096)
    throw invalidContent(
      `Security rule ${name} has invalid priority ${textOf(priority)}. Value provided: ${textOf(priority)}. Allowed range 100-4096.`,
    );
  oneOf(requiredString(properties, 'direction'), ['Inbound', 'Outbound'], 'properties.direction');
  oneOf(requiredString(properties, 'access'), ['Allow', 'Deny'], 'properties.access');
  oneOf(
    requiredString(properties, 'protocol'),
    ['*', 'Tcp', 'Udp', 'Icmp', 'Esp', 'Ah'],
    'properties.protocol',
  );
  return {
    name,
    id: `${groupId}/securityRules/${name}`,
    etag: weakEtag(),
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    properties: { ...properties, provisioningState: 'Succeeded' },
  };
}

export const networkSecurityGroups: ResourceTypeDefinition = {
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersions: NETWORK_API_VERSIONS,
  isTracked: true,
  etagStyle: 'weak',
  readOnlyPaths: [
    'properties.resourceGuid',
    'properties.defaultSecurityRules',
    'properties.securityRules.*.id',
    'properties.securityRules.*.etag',
    'properties.securityRules.*.type',
    'properties.securityRules.*.properties.provisioningState',
  ],
  build: ({ body, existing, resourceId }) => {
    const requested = propertiesOf(body);
    const rules = optionalArray(requested, 'securityRules') ?? [];
    const previous = objectOf(existing?.['properties']) ?? {};
    return {
      properties: {
        ...requested,
        securityRules: rules.map((rule) => securityRule(rule, resourceId)),
        defaultSecurityRules: defaultRules(resourceId),
        provisioningState: 'Succeeded',
        resourceGuid: optionalString(previous, 'resourceGuid') ?? randomUUID(),
      },
    };
  },
};

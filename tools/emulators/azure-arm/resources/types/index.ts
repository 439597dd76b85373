/** Every resource type the emulator serves. Add a type: write its module and list it here. */
import type { ResourceTypeDefinition } from '../resource-type.ts';
import { mysqlFlexibleServers, postgresFlexibleServers } from './flexible-servers.ts';
import { networkSecurityGroups } from './network-security-groups.ts';
import { blobContainers, blobServices, storageAccounts } from './storage-accounts.ts';
import { userAssignedIdentities } from './user-assigned-identities.ts';
import { subnets, virtualNetworks } from './virtual-networks.ts';

export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [
  storageAccounts,
  blobServices,
  blobContainers,
  virtualNetworks,
  subnets,
  networkSecurityGroups,
  userAssignedIdentities,
  ...postgresFlexibleServers,
  ...mysqlFlexibleServers,
];

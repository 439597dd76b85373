/**
 * Microsoft.ManagedIdentity user-assigned identities: Entra assigns the principal and client ids
 * at creation, and they stay the same across updates.
 */
import { randomUUID } from 'node:crypto';
import { objectOf } from '../../json-value.ts';
import { optionalString, propertiesOf } from '../body-rules.ts';
import type { ResourceTypeDefinition } from '../resource-type.ts';

export const userAssignedIdentities: ResourceTypeDefinition = {
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  apiVersions: ['2018-11-30', '2023-01-31', '2023-07-31-preview', '2024-11-30'],
  isTracked: true,
  readOnlyPaths: ['properties.tenantId', 'properties.principalId', 'properties.clientId'],
  build: ({ body, existing, tenantId }) => {
    const previous = objectOf(existing?.['properties']) ?? {};
    return {
      properties: {
        ...propertiesOf(body),
        tenantId,
        principalId: optionalString(previous, 'principalId') ?? randomUUID(),
        clientId: optionalString(previous, 'clientId') ?? randomUUID(),
      },
    };
  },
};

/**
 * Microsoft.Storage: storage accounts (long-running create, endpoints computed from the name),
 * their implicit `blobServices/default` and blob containers.
 */
import { ArmError } from '../../http/arm-error.ts';
import { objectOf, propertyOf, textOf } from '../../json-value.ts';
import type { JsonObject } from '../../json-value.ts';
import {
  oneOf,
  optionalString,
  propertiesOf,
  requiredString,
  withDefaults,
} from '../body-rules.ts';
import type { ResourceTypeDefinition } from '../resource-type.ts';

const API_VERSIONS = [
  '2021-09-01',
  '2022-05-01',
  '2022-09-01',
  '2023-01-01',
  '2023-04-01',
  '2023-05-01',
  '2024-01-01',
  '2025-01-01',
];

const SKUS = [
  'Standard_LRS',
  'Standard_GRS',
  'Standard_RAGRS',
  'Standard_ZRS',
  'Premium_LRS',
  'Premium_ZRS',
  'Standard_GZRS',
  'Standard_RAGZRS',
] as const;

const KINDS = ['Storage', 'StorageV2', 'BlobStorage', 'FileStorage', 'BlockBlobStorage'] as const;

export const storageAccounts: ResourceTypeDefinition = {
  type: 'Microsoft.Storage/storageAccounts',
  apiVersions: API_VERSIONS,
  isTracked: true,
  createMode: 'location',
  readOnlyPaths: [
    'sku.tier',
    'properties.primaryEndpoints',
    'properties.primaryLocation',
    'properties.statusOfPrimary',
    'properties.creationTime',
    'properties.keyCreationTime',
  ],
  validateName: (name) => {
    if (!/^[a-z0-9]{3,24}$/.test(name))
      throw new ArmError(
        400,
        'AccountNameInvalid',
        `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
      );
  },
  build: ({ name, body, existing, location }) => {
    const sku = oneOf(requiredString(body, 'sku.name'), SKUS, 'sku.name');
    const kind = oneOf(requiredString(body, 'kind'), KINDS, 'kind');
    const requested = propertiesOf(body);
    const hasAccessTier = kind === 'StorageV2' || kind === 'BlobStorage';
    const defaults: JsonObject = {
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      supportsHttpsTrafficOnly: true,
      networkAcls: {
        bypass: 'AzureServices',
        virtualNetworkRules: [],
        ipRules: [],
        defaultAction: 'Allow',
      },
      encryption: {
        services: {
          file: { keyType: 'Account', enabled: true },
          blob: { keyType: 'Account', enabled: true },
        },
        keySource: 'Microsoft.Storage',
      },
      ...(hasAccessTier ? { accessTier: 'Hot' } : {}),
    };
    const previous = objectOf(existing?.['properties']) ?? {};
    const creationTime = optionalString(previous, 'creationTime') ?? new Date().toISOString();
    const endpoint = (service: string): string => `https://${name}.${service}.core.windows.net/`;
    return {
      extra: { sku: { name: sku, tier: sku.startsWith('Premium') ? 'Premium' : 'Standard' }, kind },
      properties: {
        ...withDefaults(defaults, requested),
        provisioningState: 'Succeeded',
        creationTime,
        primaryEndpoints: {
          dfs: endpoint('dfs'),
          web: `https://${name}.z13.web.core.windows.net/`,
          blob: endpoint('blob'),
          queue: endpoint('queue'),
          table: endpoint('table'),
          file: endpoint('file'),
        },
        primaryLocation: location ?? '',
        statusOfPrimary: 'available',
      },
    };
  },
};

export const blobServices: ResourceTypeDefinition = {
  type: 'Microsoft.Storage/storageAccounts/blobServices',
  apiVersions: API_VERSIONS,
  isTracked: false,
  implicitNames: ['default'],
  readOnlyPaths: [],
  validateName: (name) => {
    if (name !== 'default')
      throw new ArmError(
        400,
        'InvalidResourceName',
        `The resource name '${name}' is not valid: the name of a blob service must be 'default'.`,
      );
  },
  build: ({ body }) => ({
    properties: withDefaults(
      {
        cors: { corsRules: [] },
        deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false },
      },
      propertiesOf(body),
    ),
  }),
};

export const blobContainers: ResourceTypeDefinition = {
  type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  apiVersions: API_VERSIONS,
  isTracked: false,
  etagStyle: 'strong',
  readOnlyPaths: [
    'properties.lastModifiedTime',
    'properties.leaseState',
    'properties.leaseStatus',
    'properties.hasImmutabilityPolicy',
    'properties.hasLegalHold',
    'properties.deleted',
    'properties.remainingRetentionDays',
  ],
  validateName: (name) => {
    if (!/^(?=.{3,63}$)[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/.test(name))
      throw new ArmError(
        400,
        'InvalidResourceName',
        `The specified resource name '${name}' is not valid: container names must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
      );
  },
  build: ({ body }) => {
    const requested = propertiesOf(body);
    const publicAccess = propertyOf(requested, 'publicAccess');
    if (publicAccess !== undefined)
      oneOf(textOf(publicAccess), ['None', 'Blob', 'Container'], 'properties.publicAccess');
    return {
      properties: {
        ...withDefaults(
          {
            publicAccess: 'None',
            defaultEncryptionScope: '$account-encryption-key',
            denyEncryptionScopeOverride: false,
          },
          requested,
        ),
        leaseStatus: 'Unlocked',
        leaseState: 'Available',
        hasImmutabilityPolicy: false,
        hasLegalHold: false,
        deleted: false,
        remainingRetentionDays: 0,
        lastModifiedTime: new Date().toISOString(),
      },
    };
  },
};

/**
 * Azure Database flexible servers for PostgreSQL and MySQL, with their firewall rules and
 * databases. The administrator password is write-only (required at creation, never returned),
 * and server writes are long-running as in Azure.
 */
import { ArmError } from '../../http/arm-error.ts';
import { objectOf } from '../../json-value.ts';
import type { JsonObject } from '../../json-value.ts';
import {
  invalidContent,
  isIpv4,
  oneOf,
  optionalString,
  propertiesOf,
  requiredString,
  withDefaults,
} from '../body-rules.ts';
import type { ResourceTypeDefinition } from '../resource-type.ts';

interface FlexibleServerFlavour {
  readonly namespace: string;
  readonly apiVersions: readonly string[];
  readonly dnsSuffix: string;
  readonly defaultVersion: string;
  readonly database: { readonly charset: string; readonly collation: string };
  readonly storage: JsonObject;
}

function flexibleServerTypes(flavour: FlexibleServerFlavour): readonly ResourceTypeDefinition[] {
  const serverType = `${flavour.namespace}/flexibleServers`;
  const server: ResourceTypeDefinition = {
    type: serverType,
    apiVersions: flavour.apiVersions,
    isTracked: true,
    createMode: 'azure-async-operation',
    deleteMode: 'azure-async-operation',
    writeOnlyPaths: ['properties.administratorLoginPassword'],
    readOnlyPaths: ['properties.fullyQualifiedDomainName', 'properties.state'],
    validateName: (name) => {
      if (!/^(?=.{3,63}$)[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name))
        throw new ArmError(
          400,
          'InvalidParameterValue',
          `Invalid value given for parameter 'serverName'. Specify a valid parameter value: a server name must be 3 to 63 lower-case letters, digits and hyphens, and must not start or end with a hyphen.`,
        );
    },
    build: ({ name, body, existing }) => {
      const skuName = requiredString(body, 'sku.name');
      const tier = oneOf(
        requiredString(body, 'sku.tier'),
        ['Burstable', 'GeneralPurpose', 'MemoryOptimized'],
        'sku.tier',
      );
      const requested = propertiesOf(body);
      const previous = objectOf(existing?.['properties']);
      const login = optionalString(requested, 'administratorLogin');
      if (previous === undefined) {
        if (login === undefined)
          throw invalidContent(
            "Required property 'properties.administratorLogin' not found in JSON. Path '', line 1, position 1.",
          );
        if (optionalString(requested, 'administratorLoginPassword') === undefined)
          throw invalidContent(
            "Required property 'properties.administratorLoginPassword' not found in JSON. Path '', line 1, position 1.",
          );
      }
      const { administratorLoginPassword: _password, ...stored } = requested;
      return {
        extra: { sku: { name: skuName, tier } },
        properties: {
          ...withDefaults(
            {
              version: flavour.defaultVersion,
              storage: flavour.storage,
              backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' },
              highAvailability: { mode: 'Disabled' },
              network: { publicNetworkAccess: 'Enabled' },
            },
            stored,
          ),
          administratorLogin: optionalString(previous ?? {}, 'administratorLogin') ?? login ?? '',
          fullyQualifiedDomainName: `${name}.${flavour.dnsSuffix}`,
          state: 'Ready',
        },
      };
    },
  };
  const firewallRules: ResourceTypeDefinition = {
    type: `${serverType}/firewallRules`,
    apiVersions: flavour.apiVersions,
    isTracked: false,
    readOnlyPaths: [],
    build: ({ body }) => {
      const requested = propertiesOf(body);
      for (const path of ['startIpAddress', 'endIpAddress']) {
        const address = requiredString(requested, path);
        if (!isIpv4(address))
          throw new ArmError(
            400,
            'InvalidParameterValue',
            `Invalid value given for parameter '${path}'. Specify a valid parameter value.`,
          );
      }
      return { properties: requested };
    },
  };
  const databases: ResourceTypeDefinition = {
    type: `${serverType}/databases`,
    apiVersions: flavour.apiVersions,
    isTracked: false,
    readOnlyPaths: [],
    build: ({ body }) => ({
      properties: withDefaults({ ...flavour.database }, propertiesOf(body)),
    }),
  };
  return [server, firewallRules, databases];
}

export const postgresFlexibleServers = flexibleServerTypes({
  namespace: 'Microsoft.DBforPostgreSQL',
  apiVersions: ['2021-06-01', '2022-12-01', '2023-06-01-preview', '2024-08-01'],
  dnsSuffix: 'postgres.database.azure.com',
  defaultVersion: '16',
  database: { charset: 'UTF8', collation: 'en_US.utf8' },
  storage: { storageSizeGB: 32, autoGrow: 'Disabled' },
});

export const mysqlFlexibleServers = flexibleServerTypes({
  namespace: 'Microsoft.DBforMySQL',
  apiVersions: ['2021-05-01', '2022-01-01', '2023-06-30', '2023-12-30'],
  dnsSuffix: 'mysql.database.azure.com',
  defaultVersion: '8.0.21',
  database: { charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
  storage: { storageSizeGB: 20, iops: 360, autoGrow: 'Enabled' },
});

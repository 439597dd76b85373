/** JSON Schemas (draft-07) of a database accessory's app and platform settings. */
import type { JsonSchema } from '@kusion/sdk';
import type { DatabaseEngine } from './database-settings.js';
import {
  DEFAULT_AZURE_SKU,
  DEFAULT_SECURITY_IPS,
  PASSWORD_SEED_CONTEXT_KEY,
} from './database-settings.js';

const IPV4 = '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$';

export function databaseAppSchema(engine: DatabaseEngine): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${engine.module} accessory`,
    type: 'object',
    required: ['module'],
    additionalProperties: false,
    properties: {
      module: { description: 'The module that generates it.', type: 'string' },
      version: {
        description: `Engine version: the local image tag (default ${engine.defaultVersion}), RDS's EngineVersion (default: RDS's) and the Azure server's version (default ${engine.azure.defaultVersion}).`,
        type: 'string',
        pattern: '^[0-9]+(\\.[0-9]+)*$',
      },
      databaseName: {
        description: 'The database created for the app; default: the app name.',
        type: 'string',
        pattern: '^[A-Za-z][A-Za-z0-9_]*$',
        maxLength: engine.maxDatabaseNameLength,
      },
      envPrefix: {
        description:
          "Prefix of the workload's variables: DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME.",
        type: 'string',
        pattern: '^[A-Z_][A-Z0-9_]*$',
      },
    },
  };
}

export function databasePlatformSchema(engine: DatabaseEngine): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${engine.module} platform settings`,
    description: `Where the database runs. \`local\` and \`azure\` derive the password from the workspace's context.${PASSWORD_SEED_CONTEXT_KEY}.`,
    type: 'object',
    required: ['type'],
    additionalProperties: false,
    properties: {
      type: {
        description:
          "`local`: a StatefulSet in the app's namespace; `aws`: RDS; `azure`: an Azure Database flexible server.",
        enum: ['local', 'aws', 'azure'],
      },
      username: {
        description: 'The database user; default `kusion`.',
        type: 'string',
        pattern: '^[A-Za-z][A-Za-z0-9_]{0,15}$',
      },
      size: {
        description: `Storage in GiB; default 10 locally, 20 on AWS, ${engine.azure.defaultSizeGiB} on Azure.`,
        type: 'integer',
        minimum: 1,
      },
      image: {
        description: `local: the server image; default ${engine.image}:<version>.`,
        type: 'string',
        minLength: 1,
      },
      storageClassName: {
        description: "local: the PersistentVolumeClaim's storage class.",
        type: 'string',
        minLength: 1,
      },
      resources: {
        description: 'local: compute resources of the server (`cpu: 500m`, `memory: 256Mi-1Gi`).',
        type: 'object',
        additionalProperties: { type: 'string' },
      },
      instanceType: {
        description: 'aws (required): the DB instance class, e.g. db.t3.micro.',
        type: 'string',
        pattern: '^db\\.',
      },
      securityIPs: {
        description: `aws: CIDR blocks allowed to connect; default the private ranges ${DEFAULT_SECURITY_IPS.join(', ')}.`,
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$' },
      },
      publiclyAccessible: {
        description: 'aws: give the instance a public address; default false.',
        type: 'boolean',
      },
      vpcId: {
        description: 'aws: the VPC of the security group; default the default VPC.',
        type: 'string',
        pattern: '^vpc-',
      },
      subnetGroupName: {
        description: 'aws: the DB subnet group (which subnets and VPC the instance uses).',
        type: 'string',
        minLength: 1,
      },
      storageType: { description: 'aws: gp3, gp2, io1...', type: 'string', minLength: 1 },
      multiAZ: { description: 'aws: a standby in another availability zone.', type: 'boolean' },
      deletionPolicy: {
        description:
          "aws: what `destroy` does to the instance; default CloudFormation's (Snapshot).",
        enum: ['Delete', 'Snapshot', 'Retain'],
      },
      sku: {
        description: `azure: the compute size; default ${DEFAULT_AZURE_SKU}.`,
        type: 'string',
        pattern: '^Standard_',
      },
      tier: {
        description: "azure: the SKU's tier; default read from its series (B, D, E).",
        enum: ['Burstable', 'GeneralPurpose', 'MemoryOptimized'],
      },
      location: {
        description: "azure: the server's region; default the azure provider's location.",
        type: 'string',
        minLength: 1,
      },
      resourceGroup: {
        description: "azure: the resource group; default the azure provider's resourceGroup.",
        type: 'string',
        pattern: '^[-\\w._()]{1,90}$',
      },
      firewallRules: {
        description:
          'azure: IPv4 ranges allowed to connect; default one rule 0.0.0.0-0.0.0.0 (Azure services, e.g. AKS).',
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['name', 'startIpAddress', 'endIpAddress'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' },
            startIpAddress: { type: 'string', pattern: IPV4 },
            endIpAddress: { type: 'string', pattern: IPV4 },
          },
        },
      },
      backupRetentionDays: {
        description: "azure: days of point-in-time backups; default Azure's (7).",
        type: 'integer',
        minimum: 1,
        maximum: 35,
      },
      highAvailability: {
        description: 'azure: a standby server; default Disabled.',
        enum: ['Disabled', 'SameZone', 'ZoneRedundant'],
      },
      passwordRef: {
        description:
          "azure: `ref://<name>/<key>`, an administrator password kept in the workspace's secret store; default a password derived from context.databasePasswordSeed.",
        type: 'string',
        pattern: '^ref://.+',
      },
    },
    if: { properties: { type: { const: 'aws' } } },
    then: { required: ['instanceType'], properties: { instanceType: { type: 'string' } } },
  };
}

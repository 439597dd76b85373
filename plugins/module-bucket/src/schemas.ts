/** The settings of the `bucket` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'bucket accessory',
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: {
    module: { type: 'string' },
    bucketName: {
      description:
        'aws: an explicit, globally unique bucket name (default: one CloudFormation generates); azure: the blob container name (default: the accessory name).',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    },
    versioning: { description: 'Keep every version of every object.', type: 'boolean' },
    envPrefix: {
      description: "Prefix of the workload's variables: BUCKET_NAME, BUCKET_ARN, BUCKET_ENDPOINT.",
      type: 'string',
      pattern: '^[A-Z_][A-Z0-9_]*$',
    },
  },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'bucket platform settings',
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: {
      description:
        '`aws`: S3 through CloudFormation; `azure`: a storage account and a blob container through ARM.',
      enum: ['aws', 'azure'],
    },
    encryption: {
      description: 'Server-side encryption; default AES256.',
      enum: ['AES256', 'aws:kms'],
    },
    kmsKeyId: { description: 'The KMS key of aws:kms.', type: 'string', minLength: 1 },
    blockPublicAccess: {
      description: 'Refuse public ACLs and policies (azure: anonymous blob access); default true.',
      type: 'boolean',
    },
    deletionPolicy: {
      description:
        "What destroy does; default CloudFormation's (Delete, which fails on a bucket with objects).",
      enum: ['Delete', 'Retain'],
    },
    accountName: {
      description:
        'azure: the storage account name, unique across Azure; default derived from the app and accessory names and a hash.',
      type: 'string',
      pattern: '^[a-z0-9]{3,24}$',
    },
    sku: {
      description: 'azure: the redundancy; default Standard_LRS.',
      enum: [
        'Standard_LRS',
        'Standard_GRS',
        'Standard_RAGRS',
        'Standard_ZRS',
        'Standard_GZRS',
        'Standard_RAGZRS',
      ],
    },
    accessTier: { description: 'azure: default Hot.', enum: ['Hot', 'Cool', 'Cold'] },
    location: {
      description: "azure: the account's region; default the azure provider's location.",
      type: 'string',
      minLength: 1,
    },
    resourceGroup: {
      description: "azure: the resource group; default the azure provider's resourceGroup.",
      type: 'string',
      pattern: '^[-\\w._()]{1,90}$',
    },
  },
};

export const bucketSchemas: ModuleSchemas = { app, platform };

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
      description: 'An explicit, globally unique name; default: one CloudFormation generates.',
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
    type: { description: '`aws`: S3 through CloudFormation.', enum: ['aws'] },
    encryption: {
      description: 'Server-side encryption; default AES256.',
      enum: ['AES256', 'aws:kms'],
    },
    kmsKeyId: { description: 'The KMS key of aws:kms.', type: 'string', minLength: 1 },
    blockPublicAccess: {
      description: 'Refuse public ACLs and policies; default true.',
      type: 'boolean',
    },
    deletionPolicy: {
      description:
        "What destroy does; default CloudFormation's (Delete, which fails on a bucket with objects).",
      enum: ['Delete', 'Retain'],
    },
  },
};

export const bucketSchemas: ModuleSchemas = { app, platform };

/** The settings of the `queue` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';
import { DEFAULT_ELASTICMQ_IMAGE } from './local-queue.js';

const visibility = { type: 'integer', minimum: 0, maximum: 43200 } as const;
const retention = { type: 'integer', minimum: 60, maximum: 1209600 } as const;

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'queue accessory',
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: {
    module: { type: 'string' },
    visibilityTimeout: {
      description: 'Seconds a received message stays invisible; default 30.',
      ...visibility,
    },
    messageRetentionPeriod: {
      description:
        'Seconds a message is kept (60 to 1209600). type: local ignores it (ElasticMQ has no retention setting).',
      ...retention,
    },
    delaySeconds: {
      description: 'Seconds every message is delayed.',
      type: 'integer',
      minimum: 0,
      maximum: 900,
    },
    deadLetter: {
      description: 'A dead-letter queue for messages received too often; `true` for the defaults.',
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxReceiveCount: {
              description: 'Default 5.',
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
            messageRetentionPeriod: {
              description: 'Default 1209600 (14 days). type: local ignores it.',
              ...retention,
            },
          },
        },
      ],
    },
    envPrefix: {
      description:
        "Prefix of the workload's variables: QUEUE_URL, QUEUE_ARN, QUEUE_NAME (and QUEUE_DLQ_URL, QUEUE_DLQ_ARN).",
      type: 'string',
      pattern: '^[A-Z_][A-Z0-9_]*$',
    },
  },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'queue platform settings',
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: {
      description:
        "`aws`: SQS through CloudFormation; `local`: an SQS-compatible ElasticMQ broker (ConfigMap, Deployment, Service) in the app's namespace.",
      enum: ['aws', 'local'],
    },
    visibilityTimeout: { description: 'Default when the app sets none.', ...visibility },
    messageRetentionPeriod: {
      description: 'Default when the app sets none. type: local ignores it.',
      ...retention,
    },
    kmsMasterKeyId: {
      description: 'aws: encrypt with this KMS key instead of SQS-managed keys.',
      type: 'string',
      minLength: 1,
    },
    deletionPolicy: {
      description: "aws: what destroy does; default CloudFormation's (Delete).",
      enum: ['Delete', 'Retain'],
    },
    image: {
      description: `local: the broker's image; default ${DEFAULT_ELASTICMQ_IMAGE}.`,
      type: 'string',
      minLength: 1,
    },
    resources: {
      description: 'local: compute resources of the broker (`cpu: 100m`, `memory: 64Mi-256Mi`).',
      type: 'object',
      additionalProperties: { type: 'string' },
    },
  },
};

export const queueSchemas: ModuleSchemas = { app, platform };

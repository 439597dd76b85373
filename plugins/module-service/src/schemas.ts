/** The settings of the `service` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';
import { workloadAppSchema, workloadPlatformProperties } from '@kusion/module-kit';

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'service platform settings',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...workloadPlatformProperties,
    type: {
      description:
        'The Kubernetes kind of the workload. Kusion also knows CollaSet; not this module.',
      enum: ['Deployment'],
    },
  },
};

export const serviceSchemas: ModuleSchemas = { app: workloadAppSchema('service'), platform };

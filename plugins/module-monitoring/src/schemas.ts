/** The settings of the `monitoring` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';

const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$' } as const;

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'monitoring accessory',
  type: 'object',
  required: ['module', 'port'],
  additionalProperties: false,
  properties: {
    module: { type: 'string' },
    path: { description: 'The metrics path; default /metrics.', type: 'string', pattern: '^/' },
    port: {
      description: 'The metrics port: a port name (`web`, `metrics`) or a number.',
      anyOf: [
        { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
        { type: 'integer', minimum: 1, maximum: 65535 },
      ],
    },
    scheme: { enum: ['http', 'https'] },
  },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'monitoring platform settings',
  type: 'object',
  additionalProperties: false,
  properties: {
    operatorMode: {
      description:
        'The Prometheus operator runs: ServiceMonitor/PodMonitor objects; else scrape annotations on the pods.',
      type: 'boolean',
    },
    monitorType: {
      description: 'With the operator: Service (default) or Pod.',
      enum: ['Service', 'Pod'],
    },
    interval: { description: 'Scrape interval; default 30s.', ...duration },
    timeout: { description: 'Scrape timeout, at most the interval; default 15s.', ...duration },
    scheme: { description: 'Default http.', enum: ['http', 'https'] },
  },
};

export const monitoringSchemas: ModuleSchemas = { app, platform };

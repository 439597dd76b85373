/** The settings of the `network` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const portNumber = { type: 'integer', minimum: 1, maximum: 65535 } as const;

const port: JsonSchema = {
  type: 'object',
  required: ['port'],
  additionalProperties: false,
  properties: {
    port: { description: 'The port clients connect to.', ...portNumber },
    targetPort: { description: "The container's port; default `port`.", ...portNumber },
    protocol: { description: 'Default TCP.', enum: ['TCP', 'UDP'] },
    public: {
      description: 'Exposed outside the cluster by a LoadBalancer Service.',
      type: 'boolean',
    },
  },
};

const backend: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    service: {
      type: 'object',
      required: ['port'],
      additionalProperties: false,
      properties: {
        name: { description: "Default: the app's Service exposing `port.number`.", type: 'string' },
        port: {
          type: 'object',
          additionalProperties: false,
          properties: { number: portNumber, name: { type: 'string', minLength: 1 } },
        },
      },
    },
    resource: {
      type: 'object',
      required: ['kind', 'name'],
      additionalProperties: false,
      properties: {
        apiGroup: { type: 'string' },
        kind: { type: 'string' },
        name: { type: 'string' },
      },
    },
  },
};

const ingress: JsonSchema = {
  description: "An Ingress in front of the Services (networking.k8s.io/v1), in Kubernetes' shape.",
  type: 'object',
  additionalProperties: false,
  properties: {
    ingressClassName: { type: 'string', minLength: 1 },
    labels: stringMap,
    annotations: stringMap,
    defaultBackend: backend,
    tls: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          hosts: { type: 'array', items: { type: 'string' } },
          secretName: { type: 'string' },
        },
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          host: { type: 'string' },
          http: {
            type: 'object',
            required: ['paths'],
            additionalProperties: false,
            properties: {
              paths: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['backend'],
                  additionalProperties: false,
                  properties: {
                    path: { type: 'string' },
                    pathType: { enum: ['Exact', 'Prefix', 'ImplementationSpecific'] },
                    backend,
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'network accessory',
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: {
    module: { type: 'string' },
    ports: {
      description: "Ports to expose; default the workload's `ports`.",
      type: 'array',
      items: port,
    },
    ingress,
  },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'network platform settings',
  type: 'object',
  additionalProperties: false,
  properties: {
    port: {
      description:
        "What public ports' LoadBalancer Service gets: the cloud's load balancer annotations.",
      type: 'object',
      additionalProperties: false,
      properties: {
        type: {
          description: 'The cloud whose load balancer serves public ports.',
          enum: ['aws', 'azure', 'gcp', 'alicloud'],
        },
        labels: stringMap,
        annotations: stringMap,
      },
    },
  },
};

export const networkSchemas: ModuleSchemas = { app, platform };

/**
 * JSON Schemas (draft-07) of the workload settings `service` and `job` accept: the engine validates
 * an app's workload against them (errors at main.yaml:line) and composes them into the schema
 * editors use. Every object is closed (`additionalProperties: false`), so a typo is an error.
 */
import type { JsonSchema } from '@kusion/sdk';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const handler = (kinds: readonly string[]): JsonSchema => ({
  type: 'object',
  required: ['_type'],
  additionalProperties: false,
  properties: {
    _type: {
      description: `${kinds.join(', ')} (Kusion's qualified names such as \`service.container.probe.Http\` are accepted).`,
      type: 'string',
      pattern: `^([A-Za-z0-9_]+\\.)*(${kinds.join('|')})$`,
    },
    url: {
      description: 'Http: the URL to GET (`http://localhost:8080/healthz`); Tcp: `host:port`.',
      type: 'string',
      minLength: 1,
    },
    headers: { description: 'Http: request headers.', ...stringMap },
    command: {
      description: 'Exec: the command to run in the container.',
      type: 'array',
      minItems: 1,
      items: { type: 'string' },
    },
  },
});

const seconds = { type: 'integer', minimum: 0 } as const;

const probe: JsonSchema = {
  description: "A Kubernetes probe, in Kusion's form.",
  type: 'object',
  required: ['probeHandler'],
  additionalProperties: false,
  properties: {
    probeHandler: handler(['Http', 'Exec', 'Tcp']),
    initialDelaySeconds: seconds,
    timeoutSeconds: { type: 'integer', minimum: 1 },
    periodSeconds: { type: 'integer', minimum: 1 },
    successThreshold: { type: 'integer', minimum: 1 },
    failureThreshold: { type: 'integer', minimum: 1 },
  },
};

const container: JsonSchema = {
  description: 'One container of the workload.',
  type: 'object',
  required: ['image'],
  additionalProperties: false,
  properties: {
    image: { description: 'Container image, e.g. `nginx:1.27`.', type: 'string', minLength: 1 },
    command: { description: 'Entrypoint override.', type: 'array', items: { type: 'string' } },
    args: { description: 'Arguments to the entrypoint.', type: 'array', items: { type: 'string' } },
    env: {
      description:
        'Environment variables; `secret://<secret>/<key>` reads one from a Secret (quote numbers: "8080").',
      ...stringMap,
    },
    workingDir: { type: 'string' },
    resources: {
      description:
        'Compute resources: `cpu: 500m` sets the limit, `cpu: 250m-500m` the request and the limit.',
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^[^-\\s]+(-[^-\\s]+)?$' },
    },
    files: {
      description:
        'Files by absolute path: inline `content` (a ConfigMap) or `contentFrom: secret://<secret>/<key>`, one of the two.',
      type: 'object',
      propertyNames: { pattern: '^/.*[^/]$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          content: { type: 'string' },
          contentFrom: { type: 'string', pattern: '^(\\$\\{)?secret://[^/]+/[^/]+\\}?$' },
          mode: {
            description: 'Octal permission bits, default `0644`.',
            type: 'string',
            pattern: '^0?[0-7]{3,4}$',
          },
        },
      },
    },
    dirs: {
      description:
        'Folders by absolute path, each `secret://<secret>`: every key of the Secret as a file.',
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: { type: 'string', pattern: '^(\\$\\{)?secret://[^/]+\\}?$' },
    },
    readinessProbe: probe,
    livenessProbe: probe,
    startupProbe: probe,
    lifecycle: {
      type: 'object',
      additionalProperties: false,
      properties: { preStop: handler(['Http', 'Exec']), postStart: handler(['Http', 'Exec']) },
    },
  },
};

const port: JsonSchema = {
  type: 'object',
  required: ['port'],
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    targetPort: { type: 'integer', minimum: 1, maximum: 65535 },
    protocol: { enum: ['TCP', 'UDP'] },
    public: { type: 'boolean' },
  },
};

const secret: JsonSchema = {
  description:
    "A Secret the engine generates in the app's namespace; `external` values are `ref://<name>/<key>` resolved through the workspace's secret store at apply time.",
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { enum: ['basic', 'token', 'opaque', 'certificate', 'external'] },
    data: stringMap,
    params: stringMap,
    immutable: { type: 'boolean' },
  },
};

/**
 * The app-side schema of a workload module; `extra` adds its own settings (a job's `schedule`),
 * `without` drops shared ones it has no use for (a job's `replicas`).
 */
export function workloadAppSchema(
  type: 'service' | 'job',
  extra: Readonly<Record<string, JsonSchema>> = {},
  without: readonly string[] = [],
): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    module: { description: 'The module that generates the workload.', type: 'string' },
    type: { const: type },
    containers: {
      description: 'Containers by name.',
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
      additionalProperties: container,
    },
    replicas: {
      description: 'How many copies run; default from the platform.',
      type: 'integer',
      minimum: 0,
    },
    ports: {
      description: 'Ports the workload serves (the `network` module exposes them).',
      type: 'array',
      items: port,
    },
    labels: { description: 'Labels of the workload and its pods.', ...stringMap },
    annotations: { description: 'Annotations of the workload and its pods.', ...stringMap },
    secrets: {
      description: 'Secrets the engine generates, referenced as `secret://<name>/<key>`.',
      type: 'object',
      additionalProperties: secret,
    },
    ...extra,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${type} workload`,
    type: 'object',
    required: ['containers'],
    additionalProperties: false,
    properties: Object.fromEntries(
      Object.entries(properties).filter(([name]) => !without.includes(name)),
    ),
  };
}

/** The platform settings both workload modules take (defaults the app may override). */
export const workloadPlatformProperties: Readonly<Record<string, JsonSchema>> = {
  replicas: { description: 'Replicas when the app sets none.', type: 'integer', minimum: 0 },
  labels: {
    description: "Labels added to the workload and its pods (the app's win).",
    ...stringMap,
  },
  annotations: {
    description: "Annotations added to the workload and its pods (the app's win).",
    ...stringMap,
  },
};

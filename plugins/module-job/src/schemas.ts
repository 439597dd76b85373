/** The settings of the `job` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';
import { workloadAppSchema, workloadPlatformProperties } from '@kusion/module-kit';

const app = workloadAppSchema(
  'job',
  {
    schedule: {
      description:
        'Cron schedule (`0 3 * * *`, `@daily`, optionally after `CRON_TZ=<zone>`): a CronJob; without it, a Job that runs once.',
      type: 'string',
      pattern:
        '^((CRON_)?TZ=\\S+\\s+)?(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+(\\s+\\S+){4})$',
    },
  },
  ['replicas'],
);

const { labels, annotations } = workloadPlatformProperties;

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'job platform settings',
  type: 'object',
  additionalProperties: false,
  properties: {
    labels: labels ?? {},
    annotations: annotations ?? {},
    cronJobApiVersion: {
      description:
        "The CronJob API the cluster serves: batch/v1 (Kubernetes ≥ 1.21) or batch/v1beta1 (≤ 1.20, removed in 1.25). Default: from the workspace context's kubernetesVersion, else batch/v1.",
      enum: ['batch/v1', 'batch/v1beta1'],
    },
  },
};

export const jobSchemas: ModuleSchemas = { app, platform };

/** The settings of the `project` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';

/** GCP label keys and values: lower-case letters, digits, `_` and `-`; keys start with a letter. */
const LABELS: JsonSchema = {
  type: 'object',
  propertyNames: { pattern: '^[a-z][a-z0-9_-]{0,62}$' },
  additionalProperties: { type: 'string', pattern: '^[a-z0-9_-]{0,63}$' },
};

/** A tag value by name or namespaced name. */
const TAG_VALUE = '^(tagValues/[0-9]+|[^/]+/[^/]+/[^/]+)$';

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'project accessory',
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: {
    module: { type: 'string' },
    labels: {
      ...LABELS,
      description: "The project's labels; the platform's labels win on a clash.",
    },
    services: {
      description:
        'APIs to enable (run.googleapis.com): not supported yet (the GCP provider does not manage Service Usage); generate refuses a non-empty list.',
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9.-]+\\.googleapis\\.com$' },
      uniqueItems: true,
    },
    envPrefix: {
      description: "Prefix of the workload's variables: GCP_PROJECT_ID.",
      type: 'string',
      pattern: '^[A-Z_][A-Z0-9_]*$',
    },
  },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'project platform settings',
  type: 'object',
  required: ['parent'],
  additionalProperties: false,
  properties: {
    parent: {
      description: "The folder of the team's projects: folders/<number>.",
      type: 'string',
      pattern: '^folders/[0-9]+$',
    },
    billingTag: {
      description:
        'The tag value bound to every project for billing: tagValues/<n> or <organization id>/<key>/<value>.',
      type: 'string',
      pattern: TAG_VALUE,
    },
    tags: {
      description: 'More tag values bound to every project.',
      type: 'array',
      items: { type: 'string', pattern: TAG_VALUE },
      uniqueItems: true,
    },
    iam: {
      description:
        'Members per role (roles/viewer: [shop-devs@example.com]); a bare e-mail address is a group.',
      type: 'object',
      propertyNames: { pattern: '^(roles/|projects/|organizations/).+' },
      additionalProperties: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: {
          type: 'string',
          pattern:
            '^((user|group|serviceAccount|domain|principal|principalSet):.+|[^:@\\s]+@[^:@\\s]+)$',
        },
      },
    },
    labels: { ...LABELS, description: "Labels every project gets; they win over the app's." },
    projectIdPrefix: {
      description:
        'Put before <project>-<workspace> in project ids (unique across GCP for ever), e.g. acme-.',
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,15}$',
    },
  },
};

export const projectSchemas: ModuleSchemas = { app, platform };

/** The settings of the `k8s_manifest` module, as JSON Schemas (draft-07). */
import type { JsonSchema, ModuleSchemas } from '@kusion/sdk';

const paths = {
  description:
    'YAML or JSON files, or folders of them (read recursively: .yaml, .yml, .json), relative to the project folder.',
  type: 'array',
  items: { type: 'string', minLength: 1 },
} as const;

const app: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'k8s_manifest accessory',
  type: 'object',
  required: ['module', 'paths'],
  additionalProperties: false,
  properties: { module: { type: 'string' }, paths: { ...paths, minItems: 1 } },
};

const platform: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'k8s_manifest platform settings',
  type: 'object',
  additionalProperties: false,
  properties: { paths: { ...paths, description: `${paths.description} Added to every app's.` } },
};

export const k8sManifestSchemas: ModuleSchemas = { app, platform };

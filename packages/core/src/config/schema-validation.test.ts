import { readFile } from 'node:fs/promises';
import { ConfigError } from '@kusion/sdk';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { findDuplicateResourceIds } from './resource-ids.js';
import {
  assertValidSource,
  schemaFileUrl,
  schemaId,
  validateSource,
  type SchemaName,
} from './schema-validation.js';
import { parseYamlSource } from './yaml-source.js';

const NAMES: readonly SchemaName[] = [
  'project',
  'stack',
  'stack-configuration',
  'spec',
  'workspace',
  'rollout',
];

async function problems(name: SchemaName, text: string) {
  return validateSource(name, parseYamlSource(text, 'main.yaml'));
}

describe('the published schemas', () => {
  it('are valid draft-07 schemas, compile in strict mode, and document every property', async () => {
    const schemas = await Promise.all(
      NAMES.map(async (name) => JSON.parse(await readFile(schemaFileUrl(name), 'utf8')) as object),
    );
    const ajv = new Ajv({ strict: true, allErrors: true });
    for (const schema of schemas) ajv.addSchema(schema);
    for (const [index, name] of NAMES.entries()) {
      expect(ajv.validateSchema(schemas[index]!), name).toBe(true);
      expect(ajv.getSchema(schemaId(name)), name).toBeTypeOf('function');
    }
    const undocumented: string[] = [];
    JSON.stringify(schemas, (key, value: unknown) => {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const [property, schema] of Object.entries(value)) {
          if (!('description' in (schema as object))) undocumented.push(property);
        }
      }
      return value;
    });
    expect(undocumented).toEqual([]);
  });
});

describe('validateSource', () => {
  it('accepts a valid stack configuration', async () => {
    const text = `
apps:
  web:
    workload:
      type: service
      containers:
        main: { image: nginx:1.27, env: { PORT: "8080" } }
      ports: [{ port: 80, public: true }]
    accessories:
      db: { module: postgres, size: small }
resources:
  - id: v1:Namespace:web
    type: Kubernetes
    attributes: { apiVersion: v1, kind: Namespace, metadata: { name: web } }
    dependsOn: []
    extensions: { GVK: "/v1, Kind=Namespace" }
`;
    expect(await problems('stack-configuration', text)).toEqual([]);
  });

  it('says where, what was received and what is expected', async () => {
    const text = 'resources:\n  - id: a\n    type: 42\n    attributes: {}\n';
    expect(await problems('stack-configuration', text)).toEqual([
      {
        file: 'main.yaml',
        line: 3,
        column: 5,
        path: 'resources[0].type',
        message: 'resources[0].type: must be a string, received 42',
      },
    ]);
  });

  it('names an unknown key, suggests the likely one and lists the allowed keys', async () => {
    const [problem] = await problems(
      'stack-configuration',
      'resources:\n  - id: a\n    tpye: T\n    attributes: {}\n',
    );
    expect(problem).toMatchObject({
      line: 2,
      column: 5,
      message: 'resources[0]: missing required property "type"',
    });
    const [, typo] = await problems(
      'stack-configuration',
      'resources:\n  - id: a\n    tpye: T\n    attributes: {}\n',
    );
    expect(typo).toMatchObject({
      line: 3,
      column: 5,
      path: 'resources[0].tpye',
      message:
        'resources[0].tpye: unknown property "tpye" (did you mean "type"?); allowed: id, type, attributes, dependsOn, extensions',
    });
  });

  it('lists the allowed values of an enum and explains empty strings, ranges and integers', async () => {
    const text = `apps:
  web:
    workload:
      type: servce
      containers: { main: { image: "" } }
      replicas: 1.5
      ports: [{ port: 70000 }]
`;
    expect(
      (await problems('stack-configuration', text)).map((p) => `${p.line}: ${p.message}`),
    ).toEqual([
      '4: apps.web.workload.type: must be one of "service", "job", received "servce"',
      '5: apps.web.workload.containers.main.image: must be a non-empty string, received ""',
      '6: apps.web.workload.replicas: must be an integer, received 1.5',
      '7: apps.web.workload.ports[0].port: must be <= 65535, received 70000',
    ]);
  });

  it('rejects unknown keys in project and stack files, except under extensions', async () => {
    expect(await problems('project', 'name: shop\nextensions: { anything: [1, 2] }\n')).toEqual([]);
    const [problem] = await problems('stack', 'name: dev\ndescripton: typo\n');
    expect(problem?.message).toBe(
      'descripton: unknown property "descripton" (did you mean "description"?); allowed: name, description, labels, extensions',
    );
  });

  it('describes an empty file', async () => {
    expect(await problems('project', '')).toMatchObject([
      { line: 1, column: 1, message: 'must be an object, received an empty file' },
    ]);
  });

  it("checks the types of workspace module patchers and the secret store (Kusion's rules are checks of their own)", async () => {
    const text = `modules:
  service:
    configs:
      default: { replicas: 2 }
      big: { replicas: 5, projectSelector: shop }
secretStore: { region: eu-west-1 }
`;
    expect((await problems('workspace', text)).map((p) => p.message)).toEqual([
      'modules.service.configs.big.projectSelector: must be an array, received "shop"',
      'secretStore: missing required property "provider"',
    ]);
  });
});

describe('assertValidSource', () => {
  it('reports every problem together, schema and extra checks, in file order', async () => {
    const text = `resources:
  - id: a
    type: T
    attributes: {}
  - id: a
    type: [T]
    attributes: {}
    color: red
`;
    const source = parseYamlSource(text, 'main.yaml');
    const error = await assertValidSource('stack-configuration', source, [
      findDuplicateResourceIds,
    ]).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof ConfigError)) throw new Error('expected a ConfigError');
    const { diagnostics, message } = error;
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '5:5 resources[1].id: duplicate resource id "a", first defined at resources[0] (line 2)',
      '6:5 resources[1].type: must be a string, received an array',
      '8:5 resources[1].color: unknown property "color"; allowed: id, type, attributes, dependsOn, extensions',
    ]);
    expect(message).toMatch(
      /^main\.yaml:5:5: resources\[1\]\.id: duplicate .* \(and 2 more problems\)$/,
    );
  });
});

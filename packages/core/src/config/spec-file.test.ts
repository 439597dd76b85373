import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecFile } from './spec-file.js';

let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'kusion-spec-')));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function specFile(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function configError(path: string): Promise<ConfigError> {
  const reason = await loadSpecFile(path).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (reason instanceof ConfigError) return reason;
  throw new Error(`expected a ConfigError, got ${String(reason)}`);
}

// As `kusion generate` (KusionStack Kusion) writes it.
const KUSION_SPEC = `resources:
    - id: v1:Namespace:quickstart
      type: Kubernetes
      attributes:
        apiVersion: v1
        kind: Namespace
        metadata:
            creationTimestamp: null
            name: quickstart
        spec: {}
        status: {}
      extensions:
        GVK: /v1, Kind=Namespace
    - id: apps/v1:Deployment:quickstart:quickstart-default-quickstart
      type: Kubernetes
      attributes:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
            labels:
                app.kubernetes.io/name: quickstart
            name: quickstart-default-quickstart
            namespace: quickstart
        spec:
            replicas: 1
            selector:
                matchLabels:
                    app.kubernetes.io/name: quickstart
            template:
                spec:
                    containers:
                        - image: kusionstack/kusion-quickstart:latest
                          name: quickstart
      dependsOn:
        - v1:Namespace:quickstart
      extensions:
        GVK: apps/v1, Kind=Deployment
        kusion.io/is-workload: true
secretStore: null
context: {}
`;

describe('loadSpecFile', () => {
  it('accepts a Spec written by KusionStack Kusion and drops secretStore and context', async () => {
    const { spec, source } = await loadSpecFile(await specFile('spec.yaml', KUSION_SPEC));
    expect(Object.keys(spec)).toEqual(['resources']);
    expect(spec.resources.map((r) => r.id)).toEqual([
      'v1:Namespace:quickstart',
      'apps/v1:Deployment:quickstart:quickstart-default-quickstart',
    ]);
    expect(spec.resources[1]?.dependsOn).toEqual(['v1:Namespace:quickstart']);
    expect(spec.resources[0]?.extensions).toEqual({ GVK: '/v1, Kind=Namespace' });
    expect(source.locate(['resources', 1])).toMatchObject({ line: 14, column: 7 });
  });

  it('reads JSON, with positions, and an empty JSON Spec', async () => {
    const json = JSON.stringify(
      { resources: [{ id: 'a', type: 'Test', attributes: {} }], context: null },
      null,
      2,
    );
    const { spec, source } = await loadSpecFile(await specFile('spec.json', json));
    expect(spec).toEqual({ resources: [{ id: 'a', type: 'Test', attributes: {} }] });
    expect(source.locate(['resources', 0, 'type'])).toMatchObject({ line: 5, column: 7 });
    const empty = await loadSpecFile(
      await specFile('empty.json', '{"resources": null, "secretStore": null}'),
    );
    expect(empty.spec).toEqual({ resources: [] });
  });

  it('reports invalid resources and duplicate ids together', async () => {
    const path = await specFile(
      'spec.yaml',
      'resources:\n  - id: a\n    type: Test\n    attributes: {}\n  - id: a\n    attributes: {}\n    dependsOn: a\n',
    );
    const error = await configError(path);
    expect(error.diagnostics.map((d) => `${d.line ?? ''}:${d.column ?? ''} ${d.message}`)).toEqual([
      '5:5 resources[1]: missing required property "type"',
      '5:5 resources[1].id: duplicate resource id "a", first defined at resources[0] (line 2)',
      '7:5 resources[1].dependsOn: must be an array, received "a"',
    ]);
    expect(error.diagnostics[0]?.file).toBe(path);
  });

  it('requires resources and rejects unknown top-level keys', async () => {
    const error = await configError(await specFile('spec.yaml', 'resource: []\n'));
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      'missing required property "resources"',
      'resource: unknown property "resource" (did you mean "resources"?); allowed: resources, secretStore, context',
    ]);
  });

  it('says when the file does not exist', async () => {
    const error = await configError(join(dir, 'nope.yaml'));
    expect(error.message).toBe(`${join(dir, 'nope.yaml')}: file not found`);
    expect(error.hint).toContain('kusion generate');
  });

  it('accepts the JSON envelope `kusion generate --json` prints', async () => {
    const path = await specFile(
      'generated.json',
      JSON.stringify({
        status: 'succeeded',
        resources: [{ id: 'a', type: 'Test', attributes: {} }],
        warnings: [],
      }),
    );
    expect((await loadSpecFile(path)).spec).toEqual({
      resources: [{ id: 'a', type: 'Test', attributes: {} }],
    });
  });
});

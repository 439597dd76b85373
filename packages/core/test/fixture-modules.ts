/**
 * Small modules of our own for the engine's tests (the catalog lives in plugins/module-*): a
 * workload module `web` (a Deployment and a ConfigMap), an accessory `database` whose platform
 * `type` chooses Kubernetes objects (`local`) or a Test resource (`cloud`), wired into the
 * workload by its patcher, and `tracing`, which patches the Deployment by id.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineModule, kusionPath } from '@kusion/sdk';
import type { KusionPlugin, ModuleGenerateRequest, Resource } from '@kusion/sdk';

const namespaceOf = (request: ModuleGenerateRequest): string =>
  request.namespace ?? request.project;

export const webModule: KusionPlugin = defineModule({
  name: 'web',
  version: '1.0.0',
  schemas: {
    app: {
      type: 'object',
      required: ['containers'],
      additionalProperties: false,
      properties: {
        containers: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['image'],
            additionalProperties: false,
            properties: { image: { type: 'string', minLength: 1 } },
          },
        },
        replicas: { type: 'integer', minimum: 0 },
      },
    },
    platform: {
      type: 'object',
      additionalProperties: false,
      properties: { replicas: { type: 'integer', minimum: 0 }, tier: { type: 'string' } },
    },
  },
  generate(request) {
    const value = request.part.value as {
      containers: Record<string, { image: string }>;
      replicas?: number;
    };
    const namespace = namespaceOf(request);
    const labels = { app: request.appName };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: request.appName, namespace, labels },
      spec: {
        replicas: value.replicas ?? request.platform.replicas ?? 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: Object.entries(value.containers).map(([name, c]) => ({
              name,
              image: c.image,
            })),
          },
        },
      },
    };
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${request.appName}-config`, namespace },
      data: {
        tier: typeof request.platform.tier === 'string' ? request.platform.tier : 'standard',
      },
    };
    return {
      resources: [
        {
          id: `apps/v1:Deployment:${namespace}:${request.appName}`,
          type: 'Kubernetes',
          attributes: deployment,
          extensions: { 'kusion.io/is-workload': true },
        },
        {
          id: `v1:ConfigMap:${namespace}:${request.appName}-config`,
          type: 'Kubernetes',
          attributes: config,
        },
      ],
    };
  },
});

export const databaseModule: KusionPlugin = defineModule({
  name: 'database',
  version: '1.0.0',
  schemas: {
    app: {
      type: 'object',
      required: ['engine'],
      additionalProperties: false,
      properties: {
        module: { type: 'string' },
        engine: { enum: ['postgres', 'mysql'] },
        size: { type: 'integer', minimum: 1 },
      },
    },
    platform: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { enum: ['local', 'cloud'] } },
    },
  },
  generate(request) {
    const namespace = namespaceOf(request);
    const name = `${request.appName}-${request.part.name}`;
    if (request.platform.type === 'cloud') {
      const id = `test:${name}`;
      const resource: Resource = {
        id,
        type: 'Test',
        attributes: { engine: request.part.value.engine, host: `${name}.db.example` },
      };
      return {
        resources: [resource],
        patcher: { environments: [{ name: 'DB_HOST', value: kusionPath(id, 'host') }] },
      };
    }
    return {
      resources: [
        {
          id: `v1:Service:${namespace}:${name}`,
          type: 'Kubernetes',
          attributes: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace },
            spec: { ports: [{ port: 5432, protocol: 'TCP' }] },
          },
        },
      ],
      patcher: {
        environments: [{ name: 'DB_HOST', value: `${name}.${namespace}.svc.cluster.local` }],
        podLabels: { 'db.example/engine': String(request.part.value.engine) },
      },
    };
  },
});

export const tracingModule: KusionPlugin = defineModule({
  name: 'tracing',
  generate(request) {
    const namespace = namespaceOf(request);
    return {
      resources: [],
      patcher: {
        jsonPatches: {
          [`apps/v1:Deployment:${namespace}:${request.appName}`]: {
            type: 'merge',
            patch: { metadata: { annotations: { 'tracing.example/enabled': 'true' } } },
          },
        },
      },
    };
  },
});

export const fixtureModules: readonly KusionPlugin[] = [webModule, databaseModule, tracingModule];

/**
 * A module package as a third party publishes it, in `<dir>/node_modules/<name>`: no dependency on
 * our sdk (branded by symbol), with a package version to check ranges against.
 */
export async function installModulePackage(
  dir: string,
  packageName: string,
  moduleName: string,
  version: string,
): Promise<void> {
  const packageDir = join(dir, 'node_modules', packageName);
  await mkdir(join(packageDir, 'dist'), { recursive: true });
  await writeFile(
    join(packageDir, 'package.json'),
    JSON.stringify({
      name: packageName,
      version,
      type: 'module',
      exports: { '.': './dist/index.js' },
    }),
  );
  await writeFile(
    join(packageDir, 'dist', 'index.js'),
    `export default {
  [Symbol.for('kusion.plugin')]: true,
  name: 'module-${moduleName}',
  contractVersion: '2.0',
  apply(host) {
    host.registerModule({
      name: '${moduleName}',
      schemas: { platform: { type: 'object', additionalProperties: false, properties: { size: { type: 'string' } } } },
      generate: (request) => ({
        resources: [{ id: 'test:' + request.appName + '-' + request.part.name, type: 'Test', attributes: { size: request.platform.size ?? 'small', from: '${packageName}@${version}' } }],
      }),
    });
  },
};
`,
  );
}

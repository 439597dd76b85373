/**
 * Module packages of the e2e suite's own (the catalog lives in plugins/module-*), written into a
 * scratch project's node_modules as a third party's package would be installed there. They import
 * `@kusion/sdk`, which the project does not have: the CLI lends its own, as it does to `main.ts`.
 *
 * - a workload module: one Test resource per app, `replicas` from the app, else the platform;
 * - an accessory module: one Test resource, and a patcher handing the workload an env var.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FixtureModule {
  readonly packageName: string;
  /** The module name it registers. */
  readonly moduleName: string;
  readonly version: string;
  readonly kind: 'workload' | 'accessory';
}

export async function installFixtureModule(
  projectRoot: string,
  module: FixtureModule,
): Promise<void> {
  const dir = join(projectRoot, 'node_modules', ...module.packageName.split('/'));
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: module.packageName,
        version: module.version,
        private: true,
        type: 'module',
        exports: { '.': { types: './index.d.ts', default: './index.js' } },
        peerDependencies: { '@kusion/sdk': '^0.1.0' },
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(
    join(dir, 'index.js'),
    module.kind === 'workload' ? workload(module) : accessory(module),
  );
  await writeFile(join(dir, 'index.d.ts'), declarations(module));
}

/** What `main.ts` type-checks against: the plugin, and an accessory's typed builder. */
function declarations({ moduleName, kind }: FixtureModule): string {
  const plugin = `declare const plugin: import('@kusion/sdk').KusionPlugin;\nexport default plugin;\n`;
  if (kind === 'workload') return plugin;
  return `export type Settings = { readonly size: 'small' | 'large' };
export declare function ${moduleName}(settings: Settings): { readonly module: '${moduleName}'; readonly size: 'small' | 'large' };
${plugin}`;
}

function workload({ moduleName, version }: FixtureModule): string {
  return `import { defineModule } from '@kusion/sdk';

export default defineModule({
  name: '${moduleName}',
  version: '${version}',
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
      properties: { replicas: { type: 'integer', minimum: 0 } },
    },
  },
  generate(request) {
    const value = request.part.value;
    return {
      resources: [
        {
          id: 'test:' + request.appName,
          type: 'Test',
          attributes: {
            images: Object.values(value.containers).map((c) => c.image),
            replicas: value.replicas ?? request.platform.replicas ?? 1,
            env: [],
          },
        },
      ],
    };
  },
});
`;
}

function accessory({ moduleName, version, packageName }: FixtureModule): string {
  return `import { defineModule, kusionPath } from '@kusion/sdk';

/** The typed builder a main.ts app uses (typed by index.d.ts). */
export function ${moduleName}(settings) {
  return { module: '${moduleName}', ...settings };
}

export default defineModule({
  name: '${moduleName}',
  version: '${version}',
  schemas: {
    app: {
      type: 'object',
      required: ['module', 'size'],
      additionalProperties: false,
      properties: { module: { type: 'string' }, size: { enum: ['small', 'large'] } },
    },
    platform: {
      type: 'object',
      additionalProperties: false,
      properties: { tier: { type: 'string' } },
    },
  },
  generate(request) {
    const id = 'test:' + request.appName + '-' + request.part.name;
    return {
      resources: [
        {
          id,
          type: 'Test',
          attributes: {
            size: request.part.value.size,
            tier: request.platform.tier ?? 'standard',
            madeBy: '${packageName}@${version}',
          },
        },
      ],
      patcher: {
        jsonPatches: {
          ['test:' + request.appName]: {
            type: 'json',
            patch: [{ op: 'add', path: '/env/-', value: { name: 'CACHE_ID', value: kusionPath(id, 'uid') } }],
          },
        },
      },
    };
  },
});
`;
}

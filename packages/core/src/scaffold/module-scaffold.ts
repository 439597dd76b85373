/**
 * What `kusion mod init <name>` writes: a module package a platform team can publish to npm as
 * `kusion-module-<name>` — `defineModule` with JSON Schemas for the app and platform settings, a
 * typed builder for `main.ts` apps, a README, and a test with the module test kit
 * (`@kusion/testkit/modules`) whose golden file is written here, so the test passes out of the box.
 * The example module is an accessory: a ConfigMap with its settings, and a patcher handing the
 * workload an environment variable that reads it.
 */
import { createRequire } from 'node:module';
import { applyPatchers, kubernetesResourceId } from '@kusion/sdk';
import type { ModuleGenerateRequest, ModuleGenerateResult, Resource } from '@kusion/sdk';
import type * as Yaml from 'yaml';

/** Only `kusion mod init` writes YAML here: every other command skips loading the library. */
const requireHere = createRequire(import.meta.url);

export interface ModuleScaffoldInput {
  /** The module's name, as apps write it in `module:`. */
  readonly name: string;
  /** The npm package; default `kusion-module-<name>`. */
  readonly packageName: string;
  /** The version range of `@kusion/sdk` and `@kusion/testkit` it is built against. */
  readonly sdkVersion: string;
}

/** `redis-cache` → `REDIS_CACHE`: the prefix of the variables the patcher hands the workload. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The scaffold's files, by path relative to the package folder. */
export function moduleScaffold(input: ModuleScaffoldInput): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(packageJson(input), null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'src/index.ts': indexSource(input),
    'src/schemas.ts': schemasSource(input),
    'test/module.test.ts': testSource(input),
    'test/golden/default.yaml': goldenDefault(input),
    'README.md': readme(input),
  };
}

function packageJson(input: ModuleScaffoldInput): Record<string, unknown> {
  return {
    name: input.packageName,
    version: '0.1.0',
    description: `Kusion module ${input.name}: what it generates, in one sentence`,
    type: 'module',
    keywords: ['kusion-module'],
    engines: { node: '>=22' },
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    peerDependencies: { '@kusion/sdk': `^${input.sdkVersion}` },
    devDependencies: {
      '@kusion/sdk': input.sdkVersion,
      '@kusion/testkit': input.sdkVersion,
      '@types/node': '22.20.5',
      typescript: '5.9.3',
      vitest: '4.1.12',
    },
  };
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    verbatimModuleSyntax: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src/**/*.ts'],
};

function indexSource({ name }: ModuleScaffoldInput): string {
  const prefix = envPrefix(name);
  return `/**
 * The ${name} module: an accessory an app asks for with \`module: ${name}\`. It generates a
 * ConfigMap holding its settings in the app's namespace, and hands the workload
 * ${prefix}_SIZE through its patcher. Replace both with what your module really provisions.
 */
import { defineModule, kubernetesResourceId } from '@kusion/sdk';
import type { Accessory } from '@kusion/sdk';
import { schemas } from './schemas.js';
import type { ${typeName(name)}Settings } from './schemas.js';

export type { ${typeName(name)}Settings } from './schemas.js';

/** The typed builder \`main.ts\` apps use: \`accessories: { cache: ${builderName(name)}({ size: 'large' }) }\`. */
export function ${builderName(name)}(settings: Omit<${typeName(name)}Settings, 'module'> = {}): Accessory {
  return { module: '${name}', ...settings };
}

export default defineModule({
  name: '${name}',
  version: '0.1.0',
  schemas,
  generate(request) {
    const settings = request.part.value as ${typeName(name)}Settings;
    const size = settings.size ?? (request.platform.defaultSize as string | undefined) ?? 'small';
    const name = \`\${request.appName}-\${request.part.name}\`;
    const manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: request.namespace ?? request.project,
        labels: { 'app.kubernetes.io/part-of': request.project },
      },
      data: { size },
    };
    return {
      resources: [{ id: kubernetesResourceId(manifest), type: 'Kubernetes', attributes: manifest }],
      patcher: {
        environments: [
          { name: '${prefix}_SIZE', valueFrom: { configMapKeyRef: { name, key: 'size' } } },
        ],
      },
    };
  },
});
`;
}

/** The same generate as the template's, to write the golden file the template's test expects. */
function templateGenerate(name: string, request: ModuleGenerateRequest): ModuleGenerateResult {
  const size = 'small';
  const objectName = `${request.appName}-${request.part.name}`;
  const manifest = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectName,
      namespace: request.namespace ?? request.project,
      labels: { 'app.kubernetes.io/part-of': request.project },
    },
    data: { size },
  };
  return {
    resources: [{ id: kubernetesResourceId(manifest), type: 'Kubernetes', attributes: manifest }],
    patcher: {
      environments: [
        {
          name: `${envPrefix(name)}_SIZE`,
          valueFrom: { configMapKeyRef: { name: objectName, key: 'size' } },
        },
      ],
    },
  };
}

function schemasSource({ name }: ModuleScaffoldInput): string {
  return `/** The settings of the ${name} module, as JSON Schemas (draft-07): editors and the engine check them. */
import type { ModuleSchemas } from '@kusion/sdk';

/** What an app writes under \`accessories.<name>\`. */
export interface ${typeName(name)}Settings {
  readonly module?: '${name}';
  /** small, medium or large; default: the platform's \`defaultSize\`, else small. */
  readonly size?: 'small' | 'medium' | 'large';
}

export const schemas: ModuleSchemas = {
  app: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: '${name} accessory',
    type: 'object',
    required: ['module'],
    additionalProperties: false,
    properties: {
      module: { description: 'The module that generates it.', const: '${name}' },
      size: { description: 'small, medium or large.', enum: ['small', 'medium', 'large'] },
    },
  },
  platform: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: '${name} platform settings',
    type: 'object',
    additionalProperties: false,
    properties: {
      defaultSize: {
        description: 'The size of an accessory that names none.',
        enum: ['small', 'medium', 'large'],
      },
    },
  },
};
`;
}

function testSource({ name }: ModuleScaffoldInput): string {
  return `/**
 * The module test kit: the case's settings against the schemas, a deterministic generate,
 * resources the providers accept, the patcher applied to a sample Deployment, and the result
 * against golden/<case>.yaml (rewrite with UPDATE_GOLDEN=1, then review the diff).
 */
import { describeModule } from '@kusion/testkit/modules';
import plugin from '../src/index.js';

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [{ name: 'default', part: { kind: 'accessory', name: 'main', value: { module: '${name}' } }, platform: {} }],
});
`;
}

/**
 * The golden file of the template's `default` case, as the test kit writes it: the resources, the
 * patcher, and the kit's sample Deployment (project shop, stack dev, app shop) with the patcher.
 */
function goldenDefault({ name }: ModuleScaffoldInput): string {
  const request: ModuleGenerateRequest = {
    project: 'shop',
    stack: 'dev',
    workspace: 'dev',
    projectDir: '.',
    appName: 'shop',
    app: {},
    part: { kind: 'accessory', name: 'main', value: { module: name } },
    platform: {},
    context: {},
  };
  const result = templateGenerate(name, request);
  const sample = sampleDeployment();
  const [patchedWorkload] = applyPatchers({
    resources: [sample, ...result.resources],
    workloadIds: new Set([sample.id]),
    patchers: result.patcher ? [result.patcher] : [],
  });
  const document = { resources: result.resources, patcher: result.patcher, patchedWorkload };
  return `# Generated by describeModule (@kusion/testkit/modules). Rewrite with UPDATE_GOLDEN=1; review the diff.\n${(requireHere('yaml') as typeof Yaml).stringify(JSON.parse(JSON.stringify(document)), { lineWidth: 0 })}`;
}

/** The test kit's sample workload: what the `service` module makes of its sample app. */
function sampleDeployment(): Resource {
  const labels = { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'shop' };
  const metadata = { name: 'shop-dev-shop', namespace: 'shop', labels };
  return {
    id: kubernetesResourceId({ apiVersion: 'apps/v1', kind: 'Deployment', metadata }),
    type: 'Kubernetes',
    attributes: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'main',
                image: 'registry.example.com/shop/main:1.0.0',
                env: [{ name: 'LOG_LEVEL', value: 'info' }],
              },
            ],
          },
        },
      },
    },
  };
}

function readme({ name, packageName }: ModuleScaffoldInput): string {
  return `# ${packageName}

A [Kusion](https://github.com/kusion-ts/kusion) module: \`${name}\`. An app asks for it as an
accessory; the workspace says how it is provisioned.

## App settings

\`\`\`yaml
apps:
  shop:
    accessories:
      main:
        module: ${name}
        size: large # small (default), medium or large
\`\`\`

In \`main.ts\`: \`import { ${builderName(name)} } from '${packageName}'\`, then
\`accessories: { main: ${builderName(name)}({ size: 'large' }) }\`.

## Platform settings

\`\`\`yaml
modules:
  ${name}:
    package: ${packageName}
    version: ^0.1.0
    configs:
      default:
        defaultSize: medium
\`\`\`

## What it generates

A ConfigMap \`<app>-<accessory>\` in the app's namespace with the size, and the workload's
\`${envPrefix(name)}_SIZE\` environment variable reading it.

## Develop

\`\`\`bash
npm install
npm test                # the module test kit; UPDATE_GOLDEN=1 npm test rewrites test/golden/
npm pack                # builds dist/ and writes ${packageName.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz
\`\`\`

Install it where the stacks are (\`npm install <tarball or name>\` in the project), name it in the
workspace as above, and \`kusion generate\` uses it.
`;
}

/** `redis-cache` → `RedisCache`. */
function typeName(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`)
    .join('');
}

/** Names a builder cannot take. */
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/** `redis-cache` → `redisCache`: the builder's name (`classAccessory` for a reserved word). */
function builderName(name: string): string {
  const type = typeName(name);
  const builder = (type[0]?.toLowerCase() ?? '') + type.slice(1);
  return RESERVED.has(builder) ? `${builder}Accessory` : builder;
}

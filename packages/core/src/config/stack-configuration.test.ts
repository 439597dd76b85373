import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadStackConfiguration } from './stack-configuration.js';

// These tests are about loading; type-checking main.ts has its own (typescript-check.test.ts).

let stackDir: string;

beforeEach(async () => {
  stackDir = await realpath(await mkdtemp(join(tmpdir(), 'kusion-stack-')));
  // Messages name files relative to the working folder, as the CLI run inside the stack shows them.
  vi.spyOn(process, 'cwd').mockReturnValue(stackDir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(stackDir, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(stackDir, path)), { recursive: true });
    await writeFile(join(stackDir, path), text);
  }
}

async function configError(): Promise<ConfigError> {
  const reason = await loadStackConfiguration(stackDir, { typecheck: false }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (reason instanceof ConfigError) return reason;
  throw new Error(`expected a ConfigError, got ${String(reason)}`);
}

const resource = { id: 'v1:Namespace:shop', type: 'Kubernetes', attributes: { kind: 'Namespace' } };

describe('loadStackConfiguration from main.yaml', () => {
  it('parses and validates it, keeping positions', async () => {
    await writeTree({
      'main.yaml': `apps:
  web:
    workload: { type: service, containers: { main: { image: nginx } } }
resources:
  - id: v1:Namespace:shop
    type: Kubernetes
    attributes: { kind: Namespace }
`,
    });
    const loaded = await loadStackConfiguration(stackDir, { typecheck: false });
    expect(loaded.file).toBe(join(stackDir, 'main.yaml'));
    expect(loaded.configuration.resources).toEqual([resource]);
    expect(loaded.configuration.apps?.web?.workload?.type).toBe('service');
    expect(loaded.source?.locate(['resources', 0])).toEqual({
      file: 'main.yaml',
      line: 5,
      column: 5,
    });
  });

  it('accepts main.yml', async () => {
    await writeTree({ 'main.yml': 'resources: []\n' });
    expect((await loadStackConfiguration(stackDir, { typecheck: false })).configuration).toEqual({
      resources: [],
    });
  });

  it('reports malformed YAML as main.yaml:<line>:<col>', async () => {
    await writeTree({ 'main.yaml': 'resources:\n  - id: a\n    type: [Kubernetes\n' });
    const error = await configError();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^main\.yaml:\d+:\d+: /);
  });

  it('reports wrong types with the path, the value received, the expectation and the line', async () => {
    await writeTree({ 'main.yaml': 'resources:\n  - id: a\n    type: 42\n    attributes: []\n' });
    const error = await configError();
    expect(
      error.diagnostics.map(
        (d) => `${d.file ?? ''}:${d.line ?? ''}:${d.column ?? ''}: ${d.message}`,
      ),
    ).toEqual([
      'main.yaml:3:5: resources[0].type: must be a string, received 42',
      'main.yaml:4:5: resources[0].attributes: must be an object, received an empty array',
    ]);
  });

  it('reports duplicate resource ids at the repeat', async () => {
    const body = '    type: T\n    attributes: {}\n';
    await writeTree({
      'main.yaml': `resources:\n  - id: a\n${body}  - id: a\n${body}  - id: a\n${body}`,
    });
    expect((await configError()).diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, 'resources[1].id: duplicate resource id "a", first defined at resources[0] (line 2)'],
      [8, 'resources[2].id: duplicate resource id "a", first defined at resources[0] (line 2)'],
    ]);
  });
});

describe('loadStackConfiguration from main.ts', () => {
  it('loads the default export', async () => {
    await writeTree({
      'main.ts': `const namespace: { id: string; type: string; attributes: Record<string, unknown> } = ${JSON.stringify(resource)};\nexport default { resources: [namespace] };\n`,
    });
    const loaded = await loadStackConfiguration(stackDir, { typecheck: false });
    expect(loaded.configuration).toEqual({ resources: [resource] });
    expect(loaded.file).toBe(join(stackDir, 'main.ts'));
    expect(loaded.source?.file).toBe('main.ts');
    expect(loaded.source?.locate(['resources', 0])).toBeUndefined();
  });

  it('follows relative imports of TypeScript helpers', async () => {
    await writeTree({
      'package.json': '{ "type": "module" }',
      'lib/names.ts':
        'export function namespace(name: string): string {\n  return `v1:Namespace:${name}`;\n}\n',
      'main.ts': `import { namespace } from './lib/names.js';\nexport default { resources: [{ id: namespace('shop'), type: 'Kubernetes', attributes: { kind: 'Namespace' } }] };\n`,
    });
    expect((await loadStackConfiguration(stackDir, { typecheck: false })).configuration).toEqual({
      resources: [resource],
    });
  });

  it("resolves @kusion/sdk from the project's node_modules", async () => {
    const sdk = fileURLToPath(new URL('../../../sdk', import.meta.url));
    await mkdir(join(stackDir, 'node_modules/@kusion'), { recursive: true });
    await symlink(sdk, join(stackDir, 'node_modules/@kusion/sdk'), 'dir');
    await writeTree({
      'package.json': '{ "type": "module" }',
      'main.ts': `import { defineStack, service } from '@kusion/sdk';\nexport default defineStack({ apps: { web: { workload: service({ containers: { main: { image: 'nginx' } } }) } } });\n`,
    });
    expect((await loadStackConfiguration(stackDir, { typecheck: false })).configuration).toEqual({
      apps: { web: { workload: { type: 'service', containers: { main: { image: 'nginx' } } } } },
    });
  });

  it('names the file and the line of a syntax error', async () => {
    await writeTree({
      'main.ts': 'export default {\n  resources: [\n    { id: "a" type: "T" },\n  ],\n};\n',
    });
    const error = await configError();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.diagnostics[0]).toMatchObject({ file: 'main.ts', line: 3, column: 15 });
    expect(error.message).toMatch(/^main\.ts:3:15: Expected "}" but found "type"/);
  });

  it('names the file and the line of an error thrown while loading', async () => {
    await writeTree({ 'main.ts': 'const size: number = 1;\nthrow new Error(`boom ${size}`);\n' });
    const error = await configError();
    expect(error.diagnostics[0]).toMatchObject({
      file: 'main.ts',
      line: 2,
      message: 'failed to load: boom 1',
    });
  });

  it('names the file and the path of an invalid configuration', async () => {
    await writeTree({
      'main.ts':
        'export default { resources: [{ id: "a", type: 42, attributes: {} }], app: {} };\n',
    });
    const { diagnostics } = await configError();
    expect(diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? '-'}: ${d.message}`).sort()).toEqual(
      [
        'main.ts:-: app: unknown property "app" (did you mean "apps"?); allowed: apps, resources',
        'main.ts:-: resources[0].type: must be a string, received 42',
      ],
    );
  });

  it("falls back to the engine's own @kusion/sdk when the project has none, for ES modules and CommonJS", async () => {
    const main = `import { defineStack, service } from '@kusion/sdk';\nexport default defineStack({ apps: { web: { workload: service({ containers: { main: { image: 'nginx' } } }) } } });\n`;
    const expected = {
      apps: { web: { workload: { type: 'service', containers: { main: { image: 'nginx' } } } } },
    };
    // No package.json: tsx compiles main.ts to CommonJS, so the import becomes a require().
    await writeTree({ 'main.ts': main });
    expect((await loadStackConfiguration(stackDir, { typecheck: false })).configuration).toEqual(
      expected,
    );
    await writeTree({ 'package.json': '{ "type": "module" }' });
    expect((await loadStackConfiguration(stackDir, { typecheck: false })).configuration).toEqual(
      expected,
    );
  });

  it.each([
    ['an ES module', '{ "type": "module" }'],
    ['CommonJS', '{}'],
  ])(
    'names a missing package in one line and says how to install it (%s)',
    async (_kind, packageJson) => {
      await writeTree({
        'package.json': packageJson,
        'main.ts':
          "import { defineStack } from '@kusion/sdk';\nimport leftPad from 'left-pad';\nexport default defineStack({ resources: [{ id: leftPad('a', 2), type: 'Test', attributes: {} }] });\n",
      });
      const error = await configError();
      expect(error.diagnostics).toHaveLength(1);
      expect(error.diagnostics[0]).toMatchObject({
        file: 'main.ts',
        message: 'cannot find module "left-pad"',
      });
      expect(error.message).not.toContain('\n');
      expect(error.hint).toBe('install it in the project: npm install left-pad');
    },
  );

  it('says to fix the path when a relative import is missing', async () => {
    await writeTree({
      'package.json': '{ "type": "module" }',
      'main.ts': "import { names } from './lib/names.js';\nexport default { resources: names };\n",
    });
    const error = await configError();
    expect(error.diagnostics[0]?.message).toBe('cannot find module "lib/names.js"');
    expect(error.hint).toBe('fix the import path (relative to main.ts)');
  });

  it('requires a default export', async () => {
    await writeTree({ 'main.ts': 'export const config = {};\n' });
    const error = await configError();
    expect(error.message).toBe('main.ts: has no default export');
    expect(error.hint).toContain('export default defineStack');
  });
});

describe('choosing the configuration file', () => {
  it('refuses both main.yaml and main.ts', async () => {
    await writeTree({ 'main.yaml': 'resources: []\n', 'main.ts': 'export default {};\n' });
    const error = await configError();
    expect(error.message).toBe(
      'the current folder holds main.yaml and main.ts: a stack has exactly one configuration file',
    );
  });

  it('asks for one when there is none', async () => {
    vi.spyOn(process, 'cwd').mockReturnValue(tmpdir());
    const error = await configError();
    expect(error.message).toMatch(
      /^no stack configuration in kusion-stack-\w+: expected main\.yaml, main\.yml, main\.ts$/,
    );
  });
});

describe('a KCL stack (KusionStack Kusion)', () => {
  it('says in one line that KCL is not supported and what to write instead', async () => {
    await writeTree({
      'main.k': 'quickstart: ac.AppConfiguration {}\n',
      'kcl.mod': '[dependencies]\n',
    });
    const error = await configError();
    expect(error.message).toMatch(
      /^the current folder is a KCL stack \(main\.k, kcl\.mod\): KCL stacks are not supported; write the same AppConfiguration in main\.yaml or main\.ts$/,
    );
    expect(error.message).not.toContain('\n');
    expect(error.hint).toContain('Coming from Kusion: KCL stacks');
  });

  it('still loads main.yaml when one sits beside main.k', async () => {
    await writeTree({ 'main.k': 'x = 1\n', 'main.yaml': 'resources: []\n' });
    const loaded = await loadStackConfiguration(stackDir, { typecheck: false });
    expect(loaded.file).toBe(join(stackDir, 'main.yaml'));
  });
});

describe('main.ts exporting a function of its context', () => {
  it('is called with the stack and the -D arguments (ctx.args)', async () => {
    await writeTree({
      'main.ts':
        'export default (ctx: { project: string; args: Record<string, string> }) => ({ resources: [{ id: `ns:${ctx.args.name ?? "none"}`, type: "Test", attributes: { project: ctx.project } }] });\n',
    });
    const loaded = await loadStackConfiguration(stackDir, {
      typecheck: false,
      context: { project: 'shop', stack: 'dev', workspace: 'prod', args: { name: 'web' } },
    });
    expect(loaded.configuration.resources).toEqual([
      { id: 'ns:web', type: 'Test', attributes: { project: 'shop' } },
    ]);
  });
});

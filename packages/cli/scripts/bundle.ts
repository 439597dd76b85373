// Bundles the CLI and the engine (@kusion/core, @kusion/sdk, @kusion/backend-kit) into one ES module,
// dist/kusion.mjs, with a linked source map that carries its sources. A command then resolves and
// links one file instead of some 250 (ESM resolution alone cost ~150 ms a command).
//
// Stays external, resolved from this package's dependencies at run time:
//  * oclif and its plugins: oclif loads its plugins by name, and they bring their own @oclif/core;
//  * what loads only when used (lazily, by `import()` or `require`): yaml, the terminal
//    renderers, tsx, typescript, esbuild, ajv, ejs, debug, the server of `kusion serve` —
//    bundling them would make every command evaluate them;
//  * plugins (providers, modules, backends) are never imported statically: they load by name.
// Every external the bundle imports must be a dependency in package.json; the build fails if not.
//
//   node scripts/bundle.ts
import { copyFile, readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const packageRoot = new URL('../', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('package.json', packageRoot), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Bundled: our own code, and the small libraries every command loads anyway. */
const BUNDLED = new Set([
  '@kusion/core',
  '@kusion/sdk',
  '@kusion/backend-kit',
  'fast-json-patch',
  'fastest-levenshtein',
  'import-meta-resolve',
  'js-yaml',
  'ms',
  'picocolors',
  'semver',
  'tapable',
]);

/** Loaded by name with `require` (never seen by esbuild), so they must be dependencies too. */
const REQUIRED_BY_NAME = [
  'cli-table3',
  'cli-truncate',
  'debug',
  'log-update',
  'string-width',
  'yaml',
];

const EXTERNAL = [
  '@oclif/*',
  // `kusion serve` imports the server (fastify, pg-boss, the portal's files) only when it runs.
  '@kusion/server',
  '@kusion/portal',
  'ajv',
  'ajv/*',
  'ejs',
  'esbuild',
  'tsx',
  'tsx/*',
  'typescript',
  ...REQUIRED_BY_NAME,
];

const result = await build({
  entryPoints: [new URL('src/bundle.ts', packageRoot).pathname],
  outfile: new URL('dist/kusion.mjs', packageRoot).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: EXTERNAL,
  // The engine's packages resolve to their built dist; their own source maps are followed back to
  // the TypeScript sources, and the map embeds them, so it resolves wherever the package lands.
  sourcemap: 'linked',
  sourcesContent: true,
  // Bundled CommonJS (semver, tapable) calls `require` for Node's built-in modules.
  banner: {
    js: "import { createRequire as __kusionCreateRequire } from 'node:module';\nconst require = __kusionCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
  // No keepNames: its `__name()` wrapper ran for every closure created, ~1 % of a 300-object
  // deploy's CPU. Errors name themselves (`this.name`); oclif finds commands by id.
});

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const externals = new Set(
  Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !builtins.has(entry.path))
    .map((entry) => packageName(entry.path)),
);
const undeclared = [...externals, ...REQUIRED_BY_NAME].filter(
  (name) => !(name in manifest.dependencies),
);
const unexpected = [...externals].filter((name) => BUNDLED.has(name));
if (undeclared.length || unexpected.length) {
  throw new Error(
    [
      ...undeclared.map((name) => `the bundle loads ${name} at run time: add it to dependencies`),
      ...unexpected.map((name) => `${name} should be bundled but stayed external`),
    ].join('\n'),
  );
}
const bundledPackages = new Set(
  Object.keys(result.metafile.inputs)
    .filter((input) => input.includes('node_modules/'))
    .map((input) => packageName(input.slice(input.lastIndexOf('node_modules/') + 13))),
);
const surprises = [...bundledPackages].filter((name) => !BUNDLED.has(name));
if (surprises.length)
  throw new Error(
    `unexpected packages bundled (list them in BUNDLED or EXTERNAL): ${surprises.join(', ')}`,
  );

// The engine's compiled JSON Schema validators, which it imports relative to itself (see
// schema-validation.ts in @kusion/core): without them the bundle would compile the schemas with ajv.
const corePackageJson = createRequire(packageRoot).resolve('@kusion/core/package.json');
await copyFile(
  join(dirname(corePackageJson), 'dist/config/compiled-schemas.js'),
  new URL('dist/compiled-schemas.js', packageRoot),
);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

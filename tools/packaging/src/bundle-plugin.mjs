// Bundles a plugin's compiled entry (dist/index.js) into one ES module in place. Every `kusion`
// run that uses the plugin loads it, so what matters here is start-up:
//
// - One file instead of one per source module, plus the inlined packages' own (client-node alone
//   is ~3,000 modules, 0.4 s): Node resolves, links and compiles one module.
// - Modules that only proxies and client-node's fetch-based API use (undici: 1.4 MB; socks,
//   hpagent) stay out and load from client-node's own install on first use.
// - `node:http` through `process.getBuiltinModule`, never an ESM import: Node 22 builds an ES
//   facade of node:http by reading every export, and its `WebSocket` getter loads Node's internal
//   undici (~20 ms) for nothing.
//
// The plugin's peer and regular dependencies stay external (installed beside it), except those
// named with --inline. The types (dist/**/*.d.ts) are tsc's, untouched.
//
// Usage: node tools/packaging/src/bundle-plugin.mjs <plugin dir> [--inline <package>]...
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { inline: { type: 'string', multiple: true, default: [] } },
});
const pluginDir = resolve(positionals[0] ?? '.');
const manifest = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
const inlined = new Set(values.inline);
const external = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
  .filter((name) => !inlined.has(name))
  .flatMap((name) => [name, `${name}/*`]);
const distDir = join(pluginDir, 'dist');
const entry = join(distDir, 'index.js');

/** What client-node's config.js imports from each module loaded on first use. */
const LOADED_ON_USE = {
  undici: ['Agent', 'ProxyAgent', 'fetch'],
  'socks-proxy-agent': ['SocksProxyAgent'],
  socks: ['SocksClient'],
  hpagent: ['HttpProxyAgent', 'HttpsProxyAgent'],
};

const loadedOnUse = {
  name: 'loaded-on-use',
  setup(builder) {
    const names = Object.keys(LOADED_ON_USE).join('|');
    builder.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) =>
      args.importer.includes('@kubernetes/client-node')
        ? { path: args.path, namespace: 'on-use' }
        : undefined,
    );
    // Getters, so nothing loads until a proxy is configured; resolved from client-node's own
    // directory, where npm installs its dependencies, whatever the layout above it.
    builder.onLoad({ filter: /.*/, namespace: 'on-use' }, (args) => ({
      loader: 'js',
      contents: [
        "const { createRequire } = process.getBuiltinModule('node:module');",
        'let loaded;',
        // `require` here is the bundle's own (the banner's), so it starts from the plugin's dist.
        `const load = () => (loaded ??= createRequire(require.resolve('@kubernetes/client-node'))(${JSON.stringify(args.path)}));`,
        ...LOADED_ON_USE[args.path].map(
          (name) =>
            `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load().${name} });`,
        ),
      ].join('\n'),
    }));
  },
};

/**
 * config.js imports two names from client-node's generated API through its index, which re-exports
 * some 900 model classes: their static fields keep esbuild from dropping any, and evaluating them
 * cost ~10 ms of every start. The two come from their own modules instead.
 */
const generatedApiSubset = {
  name: 'generated-api-subset',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      args.importer.endsWith(join('@kubernetes', 'client-node', 'dist', 'config.js'))
        ? { path: join(dirname(args.importer), 'gen'), namespace: 'gen-subset' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'gen-subset' }, (args) => ({
      loader: 'js',
      resolveDir: args.path,
      contents: [
        "export { createConfiguration } from './configuration.js';",
        "export { ServerConfiguration } from './servers.js';",
      ].join('\n'),
    }));
  },
};

/**
 * Inlined packages ship compiled JavaScript whose maps name TypeScript sources they do not ship:
 * their maps are not followed, so the bundle's map embeds the JavaScript that is in it.
 */
const inlinedWithoutMaps = {
  name: 'inlined-without-maps',
  setup(builder) {
    builder.onLoad(
      { namespace: 'file', filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ },
      async (args) => ({
        loader: 'js',
        contents: (await readFile(args.path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
      }),
    );
  },
};

const builtinHttp = {
  name: 'builtin-http',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?https?$/ }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'builtin',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      loader: 'js',
      contents: `module.exports = process.getBuiltinModule('node:${args.path}');`,
    }));
  },
};

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external,
  plugins: [loadedOnUse, generatedApiSubset, inlinedWithoutMaps, builtinHttp],
  // tsc's maps lead back to src/ (shipped); the inlined packages' code is embedded.
  sourcemap: 'linked',
  sourcesContent: true,
  // CommonJS dependencies (js-yaml...) call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as kusionCreateRequire } from 'node:module';\nconst require = kusionCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
});

// tsc's other output files are inside the bundle now (or held only types): the package ships
// what runs, and the declarations.
const shipped = new Set([entry, `${entry}.map`]);
for (const file of readdirSync(distDir, { recursive: true, encoding: 'utf8' })) {
  const path = join(distDir, file);
  if (/\.js(\.map)?$/.test(file) && !shipped.has(path)) rmSync(path);
}

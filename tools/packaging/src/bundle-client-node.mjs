// Bundles a plugin's dist/client/client-node.js (a re-export of client-node's KubeConfig) into one
// ES module in place, for provider-kubernetes and backend-kubernetes alike. Every `kusion` run that
// touches Kubernetes loads it, so what it costs at start-up is what this script is about:
//
// - One file instead of the package's ~3,000 modules (0.4 s → 0.07 s).
// - Modules only proxies and client-node's fetch-based API use (undici: 1.4 MB of the old bundle;
//   socks, hpagent) stay out and load from client-node's own install on first use.
// - `node:http` through `process.getBuiltinModule`, never an ESM import: Node 22 builds an ES
//   facade of node:http by reading every export, and its `WebSocket` getter loads Node's internal
//   undici (~20 ms) for nothing.
//
// Usage: node tools/packaging/src/bundle-client-node.mjs <plugin dir>
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const pluginDir = resolve(process.argv[2] ?? '.');
const target = join(pluginDir, 'dist', 'client', 'client-node.js');

/** The names client-node's config.js imports from each module loaded on first use. */
const LOADED_ON_USE = {
  undici: ['Agent', 'ProxyAgent'],
  'socks-proxy-agent': ['SocksProxyAgent'],
  socks: ['SocksClient'],
  hpagent: ['HttpProxyAgent', 'HttpsProxyAgent'],
};

const loadedOnUse = {
  name: 'loaded-on-use',
  setup(builder) {
    const names = Object.keys(LOADED_ON_USE).join('|');
    builder.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) =>
      args.namespace === 'on-use' ? undefined : { path: args.path, namespace: 'on-use' },
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
  entryPoints: [target],
  outfile: target,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  plugins: [loadedOnUse],
  // CommonJS dependencies (js-yaml...) call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as kusionCreateRequire } from 'node:module';\nconst require = kusionCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
});

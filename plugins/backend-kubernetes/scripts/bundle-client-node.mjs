// Bundles dist/client/client-node.js (a re-export of @kubernetes/client-node) into one ES module
// in place: Node then reads one file instead of ~3,000 (0.4 s → 0.07 s at start-up). The types
// (client-node.d.ts) still come from the package, which stays a dependency.
import { join } from 'node:path';
import { build } from 'esbuild';

const target = join(import.meta.dirname, '..', 'dist', 'client', 'client-node.js');

await build({
  entryPoints: [target],
  outfile: target,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // CommonJS dependencies (undici, js-yaml...) call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as kusionCreateRequire } from 'node:module';\nconst require = kusionCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
});

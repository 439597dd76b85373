/**
 * bundle-plugin.mjs on a plugin that uses client-node's KubeConfig, as provider-kubernetes and
 * backend-kubernetes do: one module remains, it loads neither undici nor an ES node:http, and
 * what it left out still works when a kubeconfig asks for it (a proxy).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = resolve(import.meta.dirname, '..', 'src', 'bundle-plugin.mjs');
let pluginDir: string;

/** Runs `code` as an ES module beside the bundle; returns what it printed, as JSON. */
async function evaluate(code: string): Promise<unknown> {
  const file = join(pluginDir, 'dist', 'probe.mjs');
  await writeFile(file, code);
  const { stdout } = await run(process.execPath, [file]);
  return JSON.parse(stdout) as unknown;
}

beforeAll(async () => {
  // Inside the repository, so that client-node resolves from the workspace's node_modules.
  pluginDir = await mkdtemp(join(import.meta.dirname, '.fixture-'));
  await mkdir(join(pluginDir, 'dist', 'client'), { recursive: true });
  await writeFile(
    join(pluginDir, 'package.json'),
    JSON.stringify({
      name: 'fixture-plugin',
      type: 'module',
      dependencies: { '@kubernetes/client-node': '2.0.1' },
      peerDependencies: { '@kusion/sdk': '^0.1.0' },
    }),
  );
  await writeFile(
    join(pluginDir, 'dist', 'index.js'),
    [
      "import { request } from 'node:http';",
      "export { KubeConfig } from './client/client-node.js';",
      'export const hasRequest = typeof request === "function";',
    ].join('\n'),
  );
  await writeFile(
    join(pluginDir, 'dist', 'client', 'client-node.js'),
    "export { KubeConfig } from '@kubernetes/client-node/dist/config.js';\n",
  );
  await writeFile(join(pluginDir, 'dist', 'index.d.ts'), 'export {};\n');
  await run(process.execPath, [script, pluginDir, '--inline', '@kubernetes/client-node']);
}, 120_000);

afterAll(async () => {
  await rm(pluginDir, { recursive: true, force: true });
});

describe('bundle-plugin', () => {
  it('leaves one module and its map beside the declarations', async () => {
    const files = await readdir(join(pluginDir, 'dist'), { recursive: true });
    expect(files.filter((file) => /\.js(\.map)?$/.test(file)).sort()).toEqual([
      'index.js',
      'index.js.map',
    ]);
    expect(files).toContain('index.d.ts');
  });

  it('imports node:http through getBuiltinModule, and leaves undici and the generated API out', async () => {
    const bundle = await readFile(join(pluginDir, 'dist', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/^import .* from ["'](node:)?http["'];?$/m);
    expect(bundle).not.toContain('class Dispatcher');
    expect(bundle).not.toContain('V1Pod');
    expect(bundle.length).toBeLessThan(1_500_000);
  });

  it('loads without undici, and a kubeconfig without a proxy never loads it', async () => {
    const result = await evaluate(`
      import { createRequire } from 'node:module';
      const { KubeConfig, hasRequest } = await import('./index.js');
      const kc = new KubeConfig();
      kc.loadFromClusterAndUser({ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }, { name: 'u', token: 't' });
      const options = {};
      await kc.applyToHTTPSOptions(options);
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ hasRequest, auth: options.headers?.Authorization, undici: loaded.some((f) => f.includes('/undici/')) }));
    `);
    expect(result).toEqual({ hasRequest: true, auth: 'Bearer t', undici: false });
  });

  it('loads the proxy agents a kubeconfig asks for on first use', async () => {
    const result = await evaluate(`
      const { KubeConfig } = await import('./index.js');
      const agents = [];
      for (const proxyUrl of ['http://127.0.0.1:3128', 'socks5://127.0.0.1:1080']) {
        const kc = new KubeConfig();
        kc.loadFromClusterAndUser({ name: 'c', server: 'https://127.0.0.1:1', proxyUrl, skipTLSVerify: true }, { name: 'u', token: 't' });
        const options = {};
        await kc.applyToHTTPSOptions(options);
        agents.push(options.agent?.constructor.name);
      }
      console.log(JSON.stringify(agents));
    `);
    expect(result).toEqual(['HttpsProxyAgent', 'SocksProxyAgent']);
  });
});

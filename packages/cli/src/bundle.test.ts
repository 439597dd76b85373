/**
 * The built CLI as a shell runs it (bin/run.js → dist/kusion.mjs, see scripts/bundle.ts): the
 * commands and the engine come from the one bundle, the libraries only output for a person needs
 * are not loaded under --json, and the source map leads back to the TypeScript sources.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const bundleMap = new URL('../dist/kusion.mjs.map', import.meta.url);

/** Loaded only when a person reads the output, or when a feature needs them. */
const LAZY_PACKAGES = [
  'yaml',
  'cli-table3',
  'cli-truncate',
  'log-update',
  'tsx',
  'typescript',
  'esbuild',
  'ajv',
];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-bundle-test-'));
  // Records the URL of every module the process loads (ES modules and CommonJS alike).
  await writeFile(
    join(dir, 'trace-loads.mjs'),
    `import module from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
module.registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify(loaded)));
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function kusion(
  args: readonly string[],
  options: { readonly traced?: boolean } = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const nodeArgs = options.traced ? ['--import', join(dir, 'trace-loads.mjs')] : [];
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, bin, ...args], {
      cwd: dir,
      env: { ...process.env, KUSION_HOME: join(dir, 'home'), NO_COLOR: '1', DEBUG: '' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('the bundled CLI', () => {
  it('runs a command from the bundle, without loading the engine packages or the renderers', async () => {
    const { stdout, code } = await kusion(['workspace', 'list', '--json'], { traced: true });
    expect(code).toBe(0);
    // Every backend has the implicit `default` workspace (as in Kusion).
    expect(JSON.parse(stdout)).toMatchObject({ status: 'succeeded' });
    const loaded = JSON.parse(await readFile(join(dir, 'loaded.json'), 'utf8')) as string[];
    expect(loaded.some((url) => url.endsWith('/packages/cli/dist/kusion.mjs'))).toBe(true);
    const engineFiles = loaded.filter((url) =>
      /\/(packages\/(core|sdk|backend-kit)|@kusion\/(core|sdk|backend-kit))\/dist\//.test(url),
    );
    expect(engineFiles).toEqual([]);
    const lazyLoaded = loaded.filter((url) =>
      LAZY_PACKAGES.some((name) => url.includes(`/node_modules/${name}/`)),
    );
    expect(lazyLoaded).toEqual([]);
  });

  it('shows a stack trace in the TypeScript sources with --debug', async () => {
    const { stderr, code } = await kusion(['preview', '--debug']);
    expect(code).toBe(1);
    expect(stderr).toContain('Error [PROJECT_NOT_FOUND]');
    expect(stderr).toMatch(/at .*packages\/core\/src\/config\/project-files\.ts:\d+:\d+/);
    expect(stderr).toMatch(/at .*packages\/cli\/src\/commands\/preview\.ts:\d+:\d+/);
  });

  it('has a source map that carries every source it names', async () => {
    const map = JSON.parse(await readFile(bundleMap, 'utf8')) as {
      sources: string[];
      sourcesContent: (string | null)[];
    };
    expect(map.sources.length).toBeGreaterThan(100);
    expect(map.sources.some((source) => source.endsWith('core/src/operations/deploy.ts'))).toBe(
      true,
    );
    expect(map.sourcesContent.filter((content) => typeof content === 'string')).toHaveLength(
      map.sources.length,
    );
  });
});

/** What the global setup installed, handed to every test file through `inject('kusion')`. */
// Types only: the global setup imports this file too, outside any test.
import type {} from 'vitest';

export interface KusionInstall {
  /** `<install>/node_modules/.bin/kusion`, as npm linked it. */
  readonly bin: string;
  /** The folder the tarballs were installed into. */
  readonly installDir: string;
  /** The folder of the Node 22 running the tests; first on every child's PATH. */
  readonly nodeDir: string;
  /** Scratch projects go under here; the global teardown removes it. */
  readonly projectsDir: string;
  /** The tarballs `npm run pack` wrote, one per public package. */
  readonly tarballs: readonly string[];
  readonly packMs: number;
  readonly installMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kusion: KusionInstall;
  }
}

/**
 * The environment of every child: Node 22 first, nothing inherited from an outer `npm run`, the
 * shell's kusion settings, or vitest (which sets NODE_ENV=test, unlike a user's shell).
 */
export function childEnv(nodeDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^npm_/i.test(key) ||
      key.startsWith('KUSION_') ||
      key === 'NODE_OPTIONS' ||
      key === 'NODE_ENV' ||
      key === 'VITEST' ||
      key.startsWith('VITEST_') ||
      key === 'DEBUG' ||
      key === 'FORCE_COLOR'
    )
      continue;
    env[key] = value;
  }
  env.PATH = [nodeDir, process.env.PATH ?? ''].join(':');
  return env;
}

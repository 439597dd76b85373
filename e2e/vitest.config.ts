import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      's3-backend/*.test.ts',
      'postgres-backend/*.test.ts',
      'aws/*.test.ts',
      'azure/*.test.ts',
      'kubernetes/*.test.ts',
      'terraform/*.test.ts',
      'gcp/*.test.ts',
      'modules/*.test.ts',
      // The reliability suite, a few runs per scenario here; `npm run test:reliability` runs 20.
      'reliability/*.test.ts',
      'multicloud/*.test.ts',
      // A KusionStack Kusion user's files and command lines, unchanged (issue 13).
      'kusion-compat/*.test.ts',
    ],
    // Packs every public package (as `npm run pack` does) and installs the tarballs, once per run.
    globalSetup: ['./global-setup.ts'],
    // Every test runs the real CLI as separate processes, some of them deliberately slow.
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The machine may have two cores; timing and kill tests must not fight each other for them.
    fileParallelism: false,
  },
});

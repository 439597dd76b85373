import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One set of real peers for the whole run; deploy tests share the 2 cores with them.
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // The providers the engine loads by name run as Node loads them for the CLI, not through vite.
    server: { deps: { external: [/\/plugins\/provider-[a-z]+\/dist\//] } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real processes: a cold kube-apiserver takes seconds, a first build minutes.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // The peers compete for 2 cores; one file at a time keeps start-up times honest.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Against a real moto server: a few hundred requests per test at most.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

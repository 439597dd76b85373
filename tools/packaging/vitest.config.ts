import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing runs npm; linking runs the built CLI through a launcher.
    testTimeout: 120_000,
  },
});

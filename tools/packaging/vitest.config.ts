import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing runs npm; linking runs the built CLI through a launcher.
    testTimeout: 120_000,
    // Packing every public package (18 with the module catalog) runs npm once per package: ~35 s
    // on 2 busy cores, in a beforeAll.
    hookTimeout: 300_000,
  },
});

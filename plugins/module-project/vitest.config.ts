import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Golden Specs only: the module deploys end to end in e2e/modules/project-gcp.test.ts.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});

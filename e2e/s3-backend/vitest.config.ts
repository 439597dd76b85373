// Runs on its own: `npx vitest run --config e2e/s3-backend/vitest.config.ts` (after building).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    // Each test runs the real CLI as separate processes, some deliberately slow or killed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

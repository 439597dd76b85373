// Runs on its own: `npx vitest run --config e2e/postgres-backend/vitest.config.ts` (after building).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    // Each test runs the real CLI as separate processes against a PostgreSQL 15 it starts.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Against a real PostgreSQL 15 started by the global setup; each check has its own schema.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

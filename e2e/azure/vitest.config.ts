// Runs on its own, after building: `npx vitest run --config e2e/azure/vitest.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    // The built CLI runs as separate processes against the ARM emulator (in this process) and Azurite.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});

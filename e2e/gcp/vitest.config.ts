// Runs on its own, after building: `npx vitest run --config e2e/gcp/vitest.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    // The built CLI runs as separate processes against the emulator, itself a process.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

// Integration tests start the Resource Manager emulator in process (a few ms) per file.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

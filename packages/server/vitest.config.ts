import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server, one browser or one PostgreSQL at a time: the machine has 2 cores.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

// Integration tests start their own moto (and interposer) per file; give AWS round trips time.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

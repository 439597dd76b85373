import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Against a real moto server.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
  },
});

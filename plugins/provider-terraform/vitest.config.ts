import { defineConfig } from 'vitest/config';

// Integration tests run the real terraform against moto: an init hashes the provider binary, and
// the AWS provider waits on its own while creating queues.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});

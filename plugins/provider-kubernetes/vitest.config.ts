import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real kube-apiserver (with the controller-manager) for the whole run.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // The apiserver, etcd and the tests share 2 cores: one file at a time keeps timings honest.
    fileParallelism: false,
  },
});

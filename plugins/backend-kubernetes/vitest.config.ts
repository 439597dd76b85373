import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real kube-apiserver (with the controller-manager, for service-account tokens) for the
    // whole run, started by the global setup; each check works in a namespace of its own.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // The apiserver, etcd and the tests share 2 cores: one file at a time.
    fileParallelism: false,
  },
});

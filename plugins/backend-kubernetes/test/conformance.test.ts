/**
 * The Kubernetes backend keeps every rule the engine relies on, as every backend must, against a
 * real kube-apiserver: lock races, fencing, ten racing writers, a writer killed with SIGKILL
 * mid-write in a child process that opens the same namespace from settings, and the data key
 * created once by 10 racing first runs and re-wrapped by exactly one of 10 racing rotations.
 */
import { fileURLToPath } from 'node:url';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import { createTestNamespace } from './kube-namespaces.js';

describeBackendConformance({
  name: 'kubernetes',
  async createStorage() {
    // Each check in a namespace of its own: fresh, empty storage.
    const storage = await createTestNamespace();
    return { open: storage.open, childArgument: storage.settings, remove: storage.remove };
  },
  childProcess: {
    module: new URL('../src/kubernetes-backend.ts', import.meta.url).href,
    exportName: 'openKubernetesBackend',
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../', import.meta.url)),
  },
  timeoutMs: 60_000,
});

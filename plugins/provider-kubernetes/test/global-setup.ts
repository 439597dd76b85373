/**
 * Starts one real kube-apiserver (with kube-controller-manager: namespace deletion, ReplicaSets,
 * garbage collection for foreground deletion) for the whole test run, and stops it by pid.
 * `KUSION_TEST_KUBECONFIG` points the tests at a peer that is already running instead.
 */
import type { TestProject } from 'vitest/node';
import { startKubeApiserver } from '@kusion/test-peers';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfigPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env['KUSION_TEST_KUBECONFIG'];
  if (existing) {
    project.provide('kubeconfigPath', existing);
    return () => Promise.resolve();
  }
  const kube = await startKubeApiserver({ withControllerManager: true });
  project.provide('kubeconfigPath', kube.kubeconfigPath);
  return () => kube.stop();
}

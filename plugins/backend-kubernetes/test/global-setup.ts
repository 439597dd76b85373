/**
 * Starts one real kube-apiserver 1.20 (etcd, and kube-controller-manager for service-account
 * tokens) on loopback for the whole run and stops it by pid. `KUSION_TEST_KUBECONFIG` points the
 * tests at a peer that is already running instead.
 */
import { readFile } from 'node:fs/promises';
import { startKubeApiserver } from '@kusion/test-peers';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfigPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env['KUSION_TEST_KUBECONFIG'];
  if (existing) {
    await readFile(existing);
    project.provide('kubeconfigPath', existing);
    return () => Promise.resolve();
  }
  const kube = await startKubeApiserver({ withControllerManager: true });
  project.provide('kubeconfigPath', kube.kubeconfigPath);
  return () => kube.stop();
}

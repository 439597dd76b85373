/**
 * The Kubernetes backend: locks as `coordination.k8s.io/v1` Leases, workspaces, releases, journals,
 * rollout records and the wrapped data key as Secrets, all in one namespace, every change conditional on a
 * resourceVersion (or a create that fails over an existing name), and every state write fenced by
 * the writer's Lease first. Many people and CI runners (in the cluster or outside) share it safely.
 */
import type { Backend, BackendContext } from '@kusion/sdk';
import { loadKubeConfig } from './client/kubeconfig.js';
import { createNamespaceObjects } from './client/namespace-objects.js';
import { createKubeTransport } from './client/transport.js';
import { createFenceCheck } from './fence.js';
import { createKubernetesKeyStore } from './key-store.js';
import { createKubernetesLockStore, createLeaseReader } from './lock-store.js';
import { createKubernetesReleaseStore } from './release-store.js';
import { createKubernetesRolloutStore } from './rollout-store.js';
import { parseKubernetesSettings } from './settings.js';
import type { KubernetesBackendSettings } from './settings.js';
import { createKubernetesWorkspaceStore } from './workspace-store.js';

export const KUBERNETES_BACKEND_NAME = 'kubernetes';

export async function createKubernetesBackend(
  settings: KubernetesBackendSettings,
  context: BackendContext,
): Promise<Backend> {
  const { kubeConfig, source } = loadKubeConfig(settings, context.kusionHome);
  const objects = createNamespaceObjects(
    createKubeTransport(kubeConfig),
    settings.namespace,
    source,
  );
  if (settings.createNamespace) await objects.ensureNamespace();
  return {
    name: KUBERNETES_BACKEND_NAME,
    workspaces: createKubernetesWorkspaceStore(objects),
    releases: createKubernetesReleaseStore(objects, createFenceCheck(createLeaseReader(objects))),
    locks: createKubernetesLockStore(objects),
    rollouts: createKubernetesRolloutStore(objects),
    keys: createKubernetesKeyStore(objects),
    close() {
      objects.close();
      return Promise.resolve();
    },
  };
}

/** Opens the backend from raw settings, as the CLI does (and a test's child process). */
export function openKubernetesBackend(
  settings: Record<string, unknown>,
  context: BackendContext = { kusionHome: process.cwd() },
): Promise<Backend> {
  return createKubernetesBackend(parseKubernetesSettings(settings), context);
}

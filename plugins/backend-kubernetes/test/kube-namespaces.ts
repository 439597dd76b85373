/**
 * The test peer as an administrator sees it: fresh namespaces for a check, raw objects behind the
 * backend's back (what `kubectl` would show or change), removed when the check ends.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Backend } from '@kusion/sdk';
import { KubeConfig } from '../src/client/client-node.js';
import { createNamespaceObjects } from '../src/client/namespace-objects.js';
import type { NamespaceObjects } from '../src/client/namespace-objects.js';
import { createKubeTransport } from '../src/client/transport.js';
import type { KubeTransport } from '../src/client/transport.js';
import { openKubernetesBackend } from '../src/kubernetes-backend.js';

export function kubeconfigPath(): string {
  return inject('kubeconfigPath');
}

/** An administrator's connection to the peer. */
export function adminTransport(): KubeTransport {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath());
  return createKubeTransport(config);
}

export function newNamespaceName(prefix = 'kb'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export interface TestNamespace {
  readonly namespace: string;
  readonly settings: { readonly kubeconfig: string; readonly namespace: string };
  /** A backend on this namespace, as another process would open it. */
  readonly open: () => Promise<Backend>;
  /** The namespace's Secrets and Leases as the administrator sees them. */
  readonly admin: NamespaceObjects;
  readonly remove: () => Promise<void>;
}

export async function createTestNamespace(): Promise<TestNamespace> {
  const namespace = newNamespaceName();
  const transport = adminTransport();
  await transport.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  });
  const settings = { kubeconfig: kubeconfigPath(), namespace };
  const admin = createNamespaceObjects(transport, namespace, kubeconfigPath());
  return {
    namespace,
    settings,
    admin,
    open: () => openKubernetesBackend(settings),
    remove: async () => {
      await transport.request('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
      transport.close();
    },
  };
}

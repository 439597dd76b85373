/**
 * Readiness through the watch API on a real cluster. The test peer has a controller-manager but no
 * scheduler or kubelet: Deployments get ReplicaSets and Pods that never run, so readiness either
 * comes from the controllers (zero replicas, a progress deadline) or from status the test writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceProvider } from '@kusion/sdk';
import {
  apply,
  createNamespace,
  createProvider,
  kubectl,
  kubernetesResource,
  watch,
} from './kube-fixtures.js';

let namespace: string;
let provider: ResourceProvider;
beforeAll(async () => {
  namespace = await createNamespace('ready');
  ({ provider } = await createProvider());
});
afterAll(async () => {
  await provider.close?.();
});

const deployment = (name: string, spec: Record<string, unknown>) =>
  kubernetesResource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  });

describe('readiness', () => {
  it('ends ready without a request for kinds that have nothing to wait for', async () => {
    const { provider: counted, requests } = await createProvider();
    const state = await apply(
      counted,
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'plain', namespace },
        data: {},
      }),
    );
    const before = requests.length;
    expect(await watch(counted, state)).toEqual([{ isReady: true, message: 'ready' }]);
    expect(requests.length).toBe(before);
    await counted.close?.();
  });

  it('follows a Deployment rollout to ready (zero replicas: the controller alone gets it there)', async () => {
    const state = await apply(provider, deployment('zero', { replicas: 0 }));
    const statuses = await watch(provider, state);
    expect(statuses.at(-1)).toEqual({ isReady: true, message: '0/0 replicas available' });
  });

  it('reports "0/1 replicas available" with the ReplicaSet and Pods, and ends with it at the deadline', async () => {
    const state = await apply(provider, deployment('stuck', { replicas: 1 }));
    const statuses = await watch(provider, state, 4_000);
    const last = statuses.at(-1);
    expect(last?.isReady).toBe(false);
    expect(last?.isFailed).toBeUndefined();
    expect(last?.message).toMatch(
      /^0\/1 replicas available · ReplicaSet stuck-[a-z0-9]+ 0\/1 ready; pod stuck-[a-z0-9]+-[a-z0-9]+: pending$/,
    );
  });

  it('fails a rollout that exceeded its progress deadline', async () => {
    const state = await apply(
      provider,
      deployment('deadline', { replicas: 1, progressDeadlineSeconds: 1 }),
    );
    const statuses = await watch(provider, state, 30_000);
    expect(statuses.at(-1)).toMatchObject({
      isReady: false,
      isFailed: true,
      message: expect.stringContaining('ProgressDeadlineExceeded'),
    });
  });

  it('waits for a load balancer address, then is ready', async () => {
    const service = kubernetesResource({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'public', namespace },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
    });
    const state = await apply(provider, service);
    const watching = watch(provider, state, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await kubectl(
      '-n',
      namespace,
      'patch',
      'service',
      'public',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      '{"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"}]}}}',
    );
    const statuses = await watching;
    expect(statuses[0]).toEqual({ isReady: false, message: 'waiting for load balancer address' });
    expect(statuses.at(-1)).toEqual({ isReady: true, message: 'load balancer at 203.0.113.7' });
  });

  it("waits for a custom resource's Ready condition and observed generation", async () => {
    const group = `r${Date.now().toString(36)}.example.com`;
    const crd = kubernetesResource({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `dbs.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'dbs', singular: 'db', kind: 'Db' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    });
    await apply(provider, crd);
    const db = await apply(
      provider,
      kubernetesResource({
        apiVersion: `${group}/v1`,
        kind: 'Db',
        metadata: { name: 'main', namespace },
        spec: { size: 1 },
      }),
    );
    // No status yet: nothing to wait for.
    expect((await watch(provider, db)).at(-1)?.isReady).toBe(true);
    const status = (ready: string) =>
      JSON.stringify({
        status: {
          observedGeneration: 1,
          conditions: [
            { type: 'Ready', status: ready, reason: ready === 'True' ? 'Done' : 'Provisioning' },
          ],
        },
      });
    await kubectl(
      '-n',
      namespace,
      'patch',
      `dbs.${group}`,
      'main',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      status('False'),
    );
    const watching = watch(provider, db, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await kubectl(
      '-n',
      namespace,
      'patch',
      `dbs.${group}`,
      'main',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      status('True'),
    );
    const statuses = await watching;
    expect(statuses[0]).toEqual({ isReady: false, message: 'Ready: Provisioning' });
    expect(statuses.at(-1)).toEqual({ isReady: true, message: 'Ready' });
  });

  it('does not wait for a claim that binds on first consumer; waits for one that binds at once', async () => {
    const className = `wait-${Date.now().toString(36)}`;
    await apply(
      provider,
      kubernetesResource({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: className },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    );
    await apply(
      provider,
      kubernetesResource({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: `${className}-now` },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'Immediate',
      }),
    );
    const claim = (name: string, storageClassName: string) =>
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace },
        spec: {
          storageClassName,
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      });
    const later = await apply(provider, claim('later', className));
    expect(await watch(provider, later)).toEqual([
      { isReady: true, message: 'bound when its first consumer starts (WaitForFirstConsumer)' },
    ]);
    const now = await apply(provider, claim('now', `${className}-now`));
    const statuses = await watch(provider, now, 1_500);
    expect(statuses.at(-1)).toEqual({
      isReady: false,
      message: 'waiting for the claim to be bound (Pending)',
    });
  });
});

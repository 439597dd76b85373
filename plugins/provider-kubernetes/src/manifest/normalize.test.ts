import { describe, expect, it } from 'vitest';
import { normalizeObject } from './normalize.js';
import { prepareManifest } from './prepare-manifest.js';

describe('normalisation', () => {
  it('removes server bookkeeping and keeps what a user can set or reference', () => {
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'prod',
        uid: 'f00',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2024-01-01T00:00:00Z',
        selfLink: '/apis/apps/v1/namespaces/prod/deployments/web',
        managedFields: [{ manager: 'kusion' }],
        annotations: {
          'deployment.kubernetes.io/revision': '3',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
        labels: { app: 'web' },
      },
      spec: {
        replicas: 2,
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } } },
      },
      status: { replicas: 2 },
    };
    expect(normalizeObject(live)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod', uid: 'f00', labels: { app: 'web' } },
      spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } } } },
    });
  });

  it('fills in apiVersion and kind of list items and keeps the input untouched', () => {
    const item = { metadata: { name: 'a', resourceVersion: '1' }, data: { x: '1' } };
    expect(normalizeObject(item, { identity: { apiVersion: 'v1', kind: 'ConfigMap' } })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { x: '1' },
    });
    expect(item.metadata.resourceVersion).toBe('1');
  });

  it("folds a Secret's stringData into base64 data, as the server stores it", () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==' },
      stringData: { b: 'hunter2' },
    };
    expect(normalizeObject(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==', b: Buffer.from('hunter2').toString('base64') },
    });
  });

  it('drops fields controllers fill in, unless the manifest sets them', () => {
    const account = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'app' },
      secrets: [{ name: 'app-token-x' }],
    };
    expect(
      normalizeObject(account, { manifest: { apiVersion: 'v1', kind: 'ServiceAccount' } }),
    ).not.toHaveProperty('secrets');
    expect(normalizeObject(account, { manifest: account })).toHaveProperty('secrets');
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
      spec: { volumeName: 'pv-1', resources: { requests: { storage: '1Gi' } } },
    };
    expect(normalizeObject(claim)).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { resources: { requests: { storage: '1Gi' } } },
    });
  });
});

describe('preparing a manifest for apply', () => {
  it("accepts what Kusion's Go generator writes: status and null creationTimestamps go", () => {
    const generated = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, name: 'web', namespace: 'prod' },
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [{ name: 'c', image: 'i', resources: {} }] },
        },
      },
      status: {},
    };
    expect(prepareManifest(generated, { isNamespaced: true, defaultNamespace: 'default' })).toEqual(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'prod' },
        spec: {
          template: {
            metadata: {},
            spec: { containers: [{ name: 'c', image: 'i', resources: {} }] },
          },
        },
      },
    );
  });

  it('gives a namespaced object without a namespace the default one, and a cluster-scoped one none', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(
      prepareManifest(configMap, { isNamespaced: true, defaultNamespace: 'team' })['metadata'],
    ).toEqual({ name: 'c', namespace: 'team' });
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', namespace: 'x' },
    };
    expect(
      prepareManifest(namespace, { isNamespaced: false, defaultNamespace: 'team' })['metadata'],
    ).toEqual({ name: 'n' });
  });

  it('adds protocol TCP to Service and container ports that have none (Kubernetes 1.20)', () => {
    const service = prepareManifest(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] },
      },
      { defaultNamespace: 'default' },
    );
    expect(service['spec']).toEqual({
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
    });
    const cronJob = prepareManifest(
      {
        apiVersion: 'batch/v1beta1',
        kind: 'CronJob',
        metadata: { name: 'c' },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  initContainers: [{ name: 'i', ports: [{ containerPort: 1 }] }],
                  containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }],
                },
              },
            },
          },
        },
      },
      { defaultNamespace: 'default' },
    );
    expect(JSON.stringify(cronJob)).toContain('{"containerPort":8080,"protocol":"TCP"}');
    expect(JSON.stringify(cronJob)).toContain('{"containerPort":1,"protocol":"TCP"}');
    // Custom resources are left alone: their schema may have no such field.
    const custom = prepareManifest(
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { containers: [{ ports: [{ containerPort: 1 }] }] },
      },
      { defaultNamespace: 'd' },
    );
    expect(JSON.stringify(custom)).not.toContain('TCP');
  });
});

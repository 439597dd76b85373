import type { Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { orderByKind } from './kind-ordering.js';

const kube = (kind: string, name: string, extra: Partial<Resource> = {}): Resource => ({
  id: `${kind}:${name}`,
  type: 'Kubernetes',
  attributes: { kind, metadata: { name } },
  ...extra,
});

const edges = (resources: readonly Resource[]) =>
  Object.fromEntries(resources.map((r) => [r.id, r.dependsOn ?? []]));

describe('orderByKind', () => {
  it('makes each object wait for the nearest earlier kind present; unlisted kinds come last', () => {
    const ordered = orderByKind([
      kube('Ingress', 'web'),
      kube('Deployment', 'web'),
      kube('Service', 'web'),
      kube('Secret', 'a'),
      kube('Secret', 'b'),
      kube('Namespace', 'shop'),
      { id: 'aws:queue', type: 'AWS', attributes: {} },
    ]);
    expect(edges(ordered)).toEqual({
      'Ingress:web': ['Deployment:web'],
      'Deployment:web': ['Service:web'],
      'Service:web': ['Secret:a', 'Secret:b'],
      'Secret:a': ['Namespace:shop'],
      'Secret:b': ['Namespace:shop'],
      'Namespace:shop': [],
      'aws:queue': [],
    });
  });

  it("leaves out an edge that would close a cycle with the Spec's own dependsOn or references", () => {
    const ordered = orderByKind([
      kube('Secret', 'db', {
        attributes: { kind: 'Secret', host: '$kusion_path.Service:db.spec.clusterIP' },
      }),
      kube('Service', 'db'),
      kube('ConfigMap', 'c', { dependsOn: ['Deployment:web'] }),
      kube('Deployment', 'web'),
    ]);
    expect(edges(ordered)).toEqual({
      'Secret:db': ['ConfigMap:c'],
      // Service:db would wait for Secret:db, which reads the Service's address: the reference wins.
      'Service:db': [],
      'ConfigMap:c': ['Deployment:web'],
      'Deployment:web': ['Service:db'],
    });
  });
});

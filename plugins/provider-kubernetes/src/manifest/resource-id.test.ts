import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { resourceIdOf, validateResource } from './resource-id.js';

const deployment = (
  id: string,
  metadata: Record<string, unknown> = { name: 'web', namespace: 'prod' },
): Resource => ({
  id,
  type: 'Kubernetes',
  attributes: { apiVersion: 'apps/v1', kind: 'Deployment', metadata },
});

describe('resource ids', () => {
  it('writes ids as Kusion does: namespace omitted for cluster-scoped objects', () => {
    expect(
      resourceIdOf({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web' }),
    ).toBe('apps/v1:Deployment:prod:web');
    expect(resourceIdOf({ apiVersion: 'v1', kind: 'Namespace', name: 'prod' })).toBe(
      'v1:Namespace:prod',
    );
  });

  it('accepts an id that matches its manifest, including names with colons', () => {
    expect(validateResource(deployment('apps/v1:Deployment:prod:web'))).toEqual([]);
    const role: Resource = {
      id: 'rbac.authorization.k8s.io/v1:ClusterRole:system:aggregate-to-edit',
      type: 'Kubernetes',
      attributes: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:aggregate-to-edit' },
      },
    };
    expect(validateResource(role)).toEqual([]);
  });

  it.each([
    [
      'apps/v1:StatefulSet:prod:web',
      'the id says kind "StatefulSet" but the manifest\'s kind is "Deployment"',
    ],
    [
      'apps/v1beta1:Deployment:prod:web',
      'the id says apiVersion "apps/v1beta1" but the manifest\'s apiVersion is "apps/v1"',
    ],
    [
      'apps/v1:Deployment:dev:web',
      'the id says namespace "dev" but the manifest\'s metadata.namespace is "prod"',
    ],
    [
      'apps/v1:Deployment:prod:api',
      'the id says name "api" but the manifest\'s metadata.name is "web"',
    ],
    ['apps/v1:Deployment:web', 'the id has no namespace but metadata.namespace is "prod"'],
  ])('names the part of %s that differs', (id, message) => {
    const [diagnostic, ...rest] = validateResource(deployment(id));
    expect(rest).toEqual([]);
    expect(diagnostic?.message).toContain(message);
    expect(diagnostic?.message).toContain('expected id "apps/v1:Deployment:prod:web"');
  });

  it('reports every differing part at once', () => {
    const messages = validateResource(deployment('apps/v1:StatefulSet:dev:api')).map(
      (d) => d.message,
    );
    expect(messages).toHaveLength(3);
  });

  it('reports a namespace part the manifest does not have', () => {
    const [diagnostic] = validateResource(
      deployment('apps/v1:Deployment:prod:web', { name: 'web' }),
    );
    expect(diagnostic?.message).toContain(
      'the id names namespace "prod" but the manifest has no metadata.namespace',
    );
  });

  it('reports a malformed manifest instead of comparing ids', () => {
    const messages = validateResource({
      id: 'x',
      type: 'Kubernetes',
      attributes: { kind: 'ConfigMap', metadata: {} },
    }).map((d) => d.message);
    expect(messages).toEqual([
      'resource "x": attributes.apiVersion must be a non-empty string, received nothing',
      'resource "x": attributes.metadata.name must be a non-empty string, received nothing',
    ]);
  });

  it('checks the GVK extension Kusion writes, core group included', () => {
    const namespace: Resource = {
      id: 'v1:Namespace:prod',
      type: 'Kubernetes',
      attributes: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
      extensions: { GVK: '/v1, Kind=Namespace' },
    };
    expect(validateResource(namespace)).toEqual([]);
    const mismatch = {
      ...deployment('apps/v1:Deployment:prod:web'),
      extensions: { GVK: 'apps/v1, Kind=StatefulSet' },
    };
    expect(validateResource(mismatch)[0]?.message).toContain(
      'extensions.GVK "apps/v1, Kind=StatefulSet" does not match',
    );
  });

  it('tells a namespace on a known cluster-scoped kind to go', () => {
    const resource: Resource = {
      id: 'v1:Namespace:x:prod',
      type: 'Kubernetes',
      attributes: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'prod', namespace: 'x' },
      },
    };
    expect(validateResource(resource)[0]?.message).toContain('Namespace is cluster-scoped');
  });
});

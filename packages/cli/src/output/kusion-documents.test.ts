import type { Plan } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { kusionChanges, kusionRelease } from './kusion-documents.js';

const secret = {
  id: 'v1:Secret:shop:db',
  type: 'Kubernetes',
  attributes: { apiVersion: 'v1', kind: 'Secret', data: { password: 'aHVudGVyMg==' } },
};
const namespace = {
  id: 'v1:Namespace:shop',
  type: 'Kubernetes',
  attributes: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
};

const plan: Plan = {
  project: 'shop',
  stack: 'dev',
  workspace: 'dev',
  summary: { create: 1, update: 0, replace: 1, delete: 1, unchanged: 1 },
  changes: [
    {
      id: namespace.id,
      type: 'Kubernetes',
      action: 'UnChanged',
      reason: '',
      diff: [],
      desired: namespace,
      prior: namespace,
    },
    {
      id: secret.id,
      type: 'Kubernetes',
      action: 'Create',
      reason: 'new',
      diff: [],
      desired: secret,
    },
    {
      id: 'apps/v1:Deployment:shop:web',
      type: 'Kubernetes',
      action: 'Replace',
      reason: 'immutable',
      diff: [],
      desired: {
        id: 'apps/v1:Deployment:shop:web',
        type: 'Kubernetes',
        attributes: { kind: 'Deployment' },
      },
      prior: {
        id: 'apps/v1:Deployment:shop:web',
        type: 'Kubernetes',
        attributes: { kind: 'Deployment' },
        sensitivePaths: [],
      },
    },
    {
      id: 'v1:ConfigMap:shop:old',
      type: 'Kubernetes',
      action: 'Delete',
      reason: 'removed',
      diff: [],
      prior: { id: 'v1:ConfigMap:shop:old', type: 'Kubernetes', attributes: {} },
    },
  ],
};

describe("Kusion's -o json documents", () => {
  it("preview: Kusion's models.Changes with its action names, secrets masked", () => {
    const changes = kusionChanges(plan);
    expect(changes.stepKeys).toEqual([
      'v1:Namespace:shop',
      'v1:Secret:shop:db',
      'apps/v1:Deployment:shop:web',
      'v1:ConfigMap:shop:old',
    ]);
    expect(changes.changeSteps?.['v1:Namespace:shop']).toEqual({
      id: 'v1:Namespace:shop',
      action: 'UnChanged',
      from: namespace,
      to: namespace,
    });
    // Create: nothing live (`to` left out, as Go's omitempty does).
    expect(changes.changeSteps?.['v1:Secret:shop:db']).toEqual({
      id: 'v1:Secret:shop:db',
      action: 'Create',
      from: { ...secret, attributes: { ...secret.attributes, data: { password: '(sensitive)' } } },
    });
    // Kusion has no Replace: an Update; our state's own fields are not Kusion's.
    expect(changes.changeSteps?.['apps/v1:Deployment:shop:web']?.action).toBe('Update');
    expect(changes.changeSteps?.['apps/v1:Deployment:shop:web']?.to).not.toHaveProperty(
      'sensitivePaths',
    );
    expect(changes.changeSteps?.['v1:ConfigMap:shop:old']).toEqual({
      id: 'v1:ConfigMap:shop:old',
      action: 'Delete',
      to: { id: 'v1:ConfigMap:shop:old', type: 'Kubernetes', attributes: {} },
    });
    expect(JSON.stringify(changes)).not.toContain('aHVudGVyMg==');
  });

  it('preview with nothing planned is an empty document, as Kusion prints it', () => {
    expect(kusionChanges({ ...plan, changes: [] })).toEqual({});
  });

  it("release show: Kusion's v1.Release field names", () => {
    const document = kusionRelease({
      project: 'shop',
      stack: 'dev',
      workspace: 'prod',
      revision: 4,
      operation: 'deploy',
      phase: 'succeeded',
      spec: { resources: [namespace] },
      state: { resources: [{ ...namespace, sensitivePaths: [] }] },
      createdAt: '2026-01-01T00:00:00.000Z',
      modifiedAt: '2026-01-01T00:00:01.000Z',
      user: 'ana',
      host: 'h',
    });
    expect(Object.keys(document)).toEqual([
      'project',
      'workspace',
      'revision',
      'stack',
      'spec',
      'state',
      'phase',
      'createTime',
      'modifiedTime',
    ]);
    expect(document.state).toEqual({ resources: [namespace] });
  });
});

import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { inferDependencies } from './infer-dependencies.js';

const k8s = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: Record<string, unknown> = {},
): Resource => ({
  id: namespace ? `${apiVersion}:${kind}:${namespace}:${name}` : `${apiVersion}:${kind}:${name}`,
  type: 'Kubernetes',
  attributes: { apiVersion, kind, metadata: namespace ? { name, namespace } : { name }, ...extra },
});

const edgesOf = (resources: readonly Resource[]) =>
  inferDependencies(resources)
    .edges.map((e) => `${e.dependent} -> ${e.dependency}`)
    .sort();

describe('inferred ordering', () => {
  const namespace = k8s('v1', 'Namespace', 'shop');
  const crd = k8s(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'widgets.example.com',
    undefined,
    {
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' } },
    },
  );
  const widget = k8s('example.com/v1', 'Widget', 'w', 'shop');
  const config = k8s('v1', 'ConfigMap', 'config', 'shop');
  const secret = k8s('v1', 'Secret', 'creds', 'shop');
  const account = k8s('v1', 'ServiceAccount', 'app', 'shop');
  const role = k8s('rbac.authorization.k8s.io/v1', 'Role', 'reader', 'shop');
  const binding = k8s('rbac.authorization.k8s.io/v1', 'RoleBinding', 'reader', 'shop');
  const clusterRole = k8s('rbac.authorization.k8s.io/v1', 'ClusterRole', 'viewer');
  const claim = k8s('v1', 'PersistentVolumeClaim', 'data', 'shop');
  const deployment = k8s('apps/v1', 'Deployment', 'web', 'shop');
  const job = k8s('batch/v1', 'Job', 'migrate', 'shop');
  const service = k8s('v1', 'Service', 'web', 'shop');
  const elsewhere = k8s('v1', 'ConfigMap', 'other', 'elsewhere');

  it('puts namespaces first, CRDs before their custom resources, configuration before workloads', () => {
    const all = [
      deployment,
      job,
      service,
      widget,
      config,
      secret,
      account,
      role,
      binding,
      clusterRole,
      claim,
      crd,
      namespace,
      elsewhere,
    ];
    const edges = edgesOf(all);
    for (const resource of [
      widget,
      config,
      secret,
      account,
      role,
      binding,
      claim,
      deployment,
      job,
      service,
    ]) {
      expect(edges).toContain(`${resource.id} -> ${namespace.id}`);
    }
    expect(edges).toContain(`${widget.id} -> ${crd.id}`);
    for (const workload of [deployment, job]) {
      for (const prerequisite of [config, secret, account, role, binding, claim, clusterRole]) {
        expect(edges).toContain(`${workload.id} -> ${prerequisite.id}`);
      }
      expect(edges).not.toContain(`${workload.id} -> ${elsewhere.id}`);
      expect(edges).not.toContain(`${workload.id} -> ${service.id}`);
    }
    // Nothing is made to wait for what it does not need.
    expect(edges.filter((e) => e.startsWith(`${service.id} ->`))).toEqual([
      `${service.id} -> ${namespace.id}`,
    ]);
    expect(
      edges.filter((e) => e.startsWith(`${namespace.id} ->`) || e.startsWith(`${crd.id} ->`)),
    ).toEqual([]);
  });

  it('knows which kinds the Spec defines with CRDs', () => {
    expect([...inferDependencies([crd, widget]).kindsDefinedInSpec]).toEqual([
      'example.com/Widget',
    ]);
  });

  it('ignores resources of other providers and namespaces that are not in the Spec', () => {
    expect(edgesOf([config, { id: 'aws:queue', type: 'AWS', attributes: {} }])).toEqual([]);
  });

  it("leaves out an inferred edge that would close a cycle with the user's own edges", () => {
    // The ConfigMap reads the Deployment's uid: it must come after the Deployment, so the usual
    // "configuration before workloads" edge is dropped instead of failing with a cycle.
    const referencing = k8s('v1', 'ConfigMap', 'config', 'shop', {
      data: { owner: `$kusion_path.${deployment.id}.metadata.uid` },
    });
    const edges = edgesOf([namespace, deployment, referencing]);
    expect(edges).not.toContain(`${deployment.id} -> ${referencing.id}`);
    expect(edges).toContain(`${deployment.id} -> ${namespace.id}`);
    const dependsOn = { ...secret, dependsOn: [deployment.id] };
    expect(edgesOf([deployment, dependsOn])).toEqual([]);
  });
});

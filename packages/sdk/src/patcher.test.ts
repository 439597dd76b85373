import { describe, expect, it } from 'vitest';
import { applyPatchers, mergePatch } from './patcher.js';
import type { Resource } from './resource.js';

const deployment: Resource = {
  id: 'apps/v1:Deployment:shop:shop-web',
  type: 'Kubernetes',
  attributes: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop-web', namespace: 'shop', labels: { app: 'shop' } },
    spec: {
      template: {
        metadata: { labels: { app: 'shop' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              env: [
                { name: 'DB_HOST', value: 'old' },
                { name: 'KEEP', value: '1' },
              ],
            },
            { name: 'sidecar', image: 'proxy:1' },
          ],
        },
      },
    },
  },
};
const service: Resource = {
  id: 'v1:Service:shop:shop-web',
  type: 'Kubernetes',
  attributes: { apiVersion: 'v1', kind: 'Service', spec: { type: 'ClusterIP' } },
};

describe('applyPatchers', () => {
  it('puts labels, annotations and env vars on the workload and its pod template, replacing same-name vars', () => {
    const [patched] = applyPatchers({
      resources: [deployment],
      workloadIds: new Set([deployment.id]),
      patchers: [
        {
          labels: { team: 'a' },
          podAnnotations: { 'prometheus.io/scrape': 'true' },
          environments: [
            { name: 'DB_HOST', value: 'db.internal' },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          ],
        },
      ],
    });
    const attributes = patched?.attributes;
    expect(attributes).toMatchObject({
      metadata: { labels: { app: 'shop', team: 'a' } },
      spec: {
        template: {
          metadata: { labels: { app: 'shop' }, annotations: { 'prometheus.io/scrape': 'true' } },
        },
      },
    });
    const containers = (
      attributes as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } }
    ).spec.template.spec.containers;
    expect(containers[0]?.env).toEqual([
      { name: 'KEEP', value: '1' },
      { name: 'DB_HOST', value: 'db.internal' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
    expect(containers[1]?.env).toHaveLength(2);
    // The input is left as it was.
    expect((deployment.attributes as { metadata: { labels: object } }).metadata.labels).toEqual({
      app: 'shop',
    });
  });

  it('applies merge and RFC 6902 patches to the resources they name, and names a missing target', () => {
    const patched = applyPatchers({
      resources: [deployment, service],
      workloadIds: new Set(),
      patchers: [
        {
          jsonPatches: {
            [service.id]: {
              type: 'merge',
              patch: { spec: { type: 'LoadBalancer' }, metadata: { annotations: { a: 'b' } } },
            },
          },
        },
        {
          jsonPatches: {
            [deployment.id]: {
              type: 'json',
              patch: [
                { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'web:2' },
              ],
            },
          },
        },
      ],
    });
    expect(patched[1]?.attributes).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      spec: { type: 'LoadBalancer' },
      metadata: { annotations: { a: 'b' } },
    });
    expect(JSON.stringify(patched[0]?.attributes)).toContain('web:2');
    expect(() =>
      applyPatchers({
        resources: [],
        workloadIds: new Set(),
        patchers: [{ jsonPatches: { nope: { type: 'merge', patch: {} } } }],
      }),
    ).toThrow(/"nope", which no module generated/);
    expect(() =>
      applyPatchers({
        resources: [service],
        workloadIds: new Set(),
        patchers: [
          {
            jsonPatches: {
              [service.id]: { type: 'json', patch: [{ op: 'remove', path: '/missing' }] },
            },
          },
        ],
      }),
    ).toThrow(/JSON patch of "v1:Service:shop:shop-web" does not apply/);
  });

  it('merge patches follow RFC 7386', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({
      a: 'z',
      c: { d: 'e' },
    });
    expect(mergePatch({ a: [1] }, { a: [2] })).toEqual({ a: [2] });
    expect(mergePatch('x', { a: 1 })).toEqual({ a: 1 });
  });
});

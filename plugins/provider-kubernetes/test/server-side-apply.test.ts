/** Server-side apply and its dry run against the real API server, through the provider API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceProvider } from '@kusion/sdk';
import {
  apply,
  createNamespace,
  createProvider,
  kubectl,
  kubernetesResource,
  plan,
  read,
} from './kube-fixtures.js';

let namespace: string;
let provider: ResourceProvider;

beforeAll(async () => {
  namespace = await createNamespace('ssa');
  ({ provider } = await createProvider());
});
afterAll(async () => {
  await provider.close?.();
});

function deployment(image: string, extra: Record<string, unknown> = {}) {
  return kubernetesResource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace, labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
      },
      ...extra,
    },
  });
}

describe('server-side apply', () => {
  it('creates, predicts exactly what apply produces, and previews an unchanged object as unchanged', async () => {
    const resource = deployment('nginx:1.25');
    expect(await read(provider, resource)).toBeUndefined();
    const created = await plan(provider, resource, undefined);
    expect(created.replaceReason).toBeUndefined();
    // Defaults come from the server's dry run.
    expect(created.predicted).toMatchObject({
      spec: { revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate' } },
    });
    expect((created.predicted['metadata'] as Record<string, unknown>)['uid']).toBe(
      '(known after apply)',
    );

    const state = await apply(provider, resource);
    const live = await read(provider, resource);
    expect(live).toEqual(state.attributes);
    const { uid: _uid, ...predictedMetadata } = created.predicted['metadata'] as Record<
      string,
      unknown
    >;
    const { uid, ...liveMetadata } = live?.['metadata'] as Record<string, unknown>;
    expect(typeof uid).toBe('string');
    expect({ ...created.predicted, metadata: predictedMetadata }).toEqual({
      ...live,
      metadata: liveMetadata,
    });

    for (let i = 0; i < 3; i++) {
      const again = await plan(provider, resource, await read(provider, resource));
      expect(again.predicted).toEqual(await read(provider, resource));
    }
    const managers = await kubectl(
      'get',
      'deployment',
      'web',
      '-n',
      namespace,
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
      '--show-managed-fields',
    );
    expect(managers).toContain('kusion');
  });

  it('updates in place exactly as the dry run predicted, keeping the uid', async () => {
    const before = await read(provider, deployment('nginx:1.25'));
    const resource = deployment('nginx:1.26');
    const planned = await plan(provider, resource, before);
    expect(planned.replaceReason).toBeUndefined();
    expect(planned.predicted).not.toEqual(before);
    const state = await apply(provider, resource);
    expect(state.attributes).toEqual(planned.predicted);
    expect((state.attributes['metadata'] as Record<string, unknown>)['uid']).toBe(
      (before?.['metadata'] as Record<string, unknown>)['uid'],
    );
  });

  it('deploys a Spec resource exactly as KusionStack Kusion writes it', async () => {
    // Kusion's Go generator: GVK extension, creationTimestamp: null, empty status, no protocol.
    const generated = {
      id: `v1:Service:${namespace}:generated`,
      type: 'Kubernetes',
      attributes: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { creationTimestamp: null, name: 'generated', namespace },
        spec: {
          ports: [{ name: 'http', port: 80, targetPort: 8080 }],
          selector: { app: 'web' },
          type: 'ClusterIP',
        },
        status: { loadBalancer: {} },
      },
      extensions: { GVK: '/v1, Kind=Service' },
    };
    expect(
      await provider.validate?.({
        resources: [generated],
        signal: new AbortController().signal,
        io: undefined as never,
        context: undefined as never,
      }),
    ).toEqual([]);
    const state = await apply(provider, generated);
    const live = await read(provider, generated);
    expect(live).toEqual(state.attributes);
    expect(live?.['spec']).toMatchObject({
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    expect((await plan(provider, generated, live)).predicted).toEqual(live);
  });

  it('adopts an object created outside Kusion: read sees it normalised, an equal manifest plans no change', async () => {
    await kubectl('-n', namespace, 'create', 'configmap', 'adopted', '--from-literal=key=value');
    const resource = kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'adopted', namespace },
      data: { key: 'value' },
    });
    const live = await read(provider, resource);
    expect(live).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'adopted', namespace, uid: expect.any(String) },
      data: { key: 'value' },
    });
    expect((await plan(provider, resource, live)).predicted).toEqual(live);
  });

  it('predicts values known only after apply from the manifest, and the rest from the dry run', async () => {
    const reference = '$kusion_path.aws:queue.url';
    const resource = deployment('nginx:1.26');
    const spec = resource.attributes['spec'] as {
      template: { spec: { containers: Record<string, unknown>[] } };
    };
    const container = spec.template.spec.containers[0] ?? {};
    container['env'] = [{ name: 'QUEUE_URL', value: reference }];
    const live = await read(provider, resource);
    const planned = await provider.plan({
      signal: new AbortController().signal,
      io: undefined as never,
      context: undefined as never,
      resource,
      live,
      unknownPaths: ['spec.template.spec.containers[0].env[0].value'],
      options: { watch: false, forceConflicts: false },
    });
    expect(planned.predicted).toMatchObject({
      spec: {
        template: {
          spec: {
            containers: [
              {
                env: [{ name: 'QUEUE_URL', value: reference }],
                terminationMessagePath: '/dev/termination-log',
              },
            ],
          },
        },
      },
    });
    expect(await read(provider, resource), 'planning must not change anything').toEqual(live);
  });
});

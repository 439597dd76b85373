/**
 * API requests per object over a whole deploy, counted at the provider's HTTP layer, discovery
 * excluded, with the calls the engine makes: `readMany`, then `plan` per resource, then `apply`
 * per change (no readiness wait: --no-watch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attributes, ResourceProvider, Resource } from '@kusion/sdk';
import { silentIoHost } from '@kusion/sdk';
import type { ApiRequestInfo } from '../src/index.js';
import { OPTIONS, context, createProvider, kubectl, kubernetesResource } from './kube-fixtures.js';

const suffix = Date.now().toString(36);
const namespace = `count-${suffix}`;

/** One Namespace and 29 objects in it: ConfigMaps, Secrets, Services and Deployments. */
function app(version: string): Resource[] {
  const labels = { version };
  const resources: Resource[] = [
    kubernetesResource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }),
  ];
  for (let i = 0; i < 10; i++) {
    resources.push(
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `config-${i}`, namespace, labels },
        data: { index: String(i) },
      }),
    );
    resources.push(
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `secret-${i}`, namespace, labels },
        stringData: { token: `t-${i}` },
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    resources.push(
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `svc-${i}`, namespace, labels },
        spec: { selector: { app: `app-${i}` }, ports: [{ port: 80 }] },
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    const name = `app-${i}`;
    resources.push(
      kubernetesResource({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
            },
          },
        },
      }),
    );
  }
  return resources;
}

const base = () => ({ signal: new AbortController().signal, io: silentIoHost, context });
const isDiscovery = (request: ApiRequestInfo): boolean =>
  /^\/api\/v1$|^\/apis\/[^/]+\/[^/]+$/.test(request.path);

/** What `kusion deploy --no-watch` asks of the provider; resolves to the requests it caused. */
async function deploy(
  resources: readonly Resource[],
): Promise<{ requests: ApiRequestInfo[]; changed: number; ms: number }> {
  const { provider, requests } = await createProvider();
  const started = performance.now();
  const live =
    (await provider.readMany?.({
      ...base(),
      items: resources.map((resource) => ({ resource })),
    })) ?? new Map<string, Attributes | undefined>();
  const changes: Resource[] = [];
  await Promise.all(
    resources.map(async (resource) => {
      const current = live.get(resource.id);
      const { predicted } = await provider.plan({
        ...base(),
        resource,
        live: current,
        unknownPaths: [],
        options: OPTIONS,
      });
      if (JSON.stringify(predicted) !== JSON.stringify(current)) changes.push(resource);
    }),
  );
  // The namespace first, then the rest in parallel (10 at a time, as the engine does).
  const ordered = [
    ...changes.filter((r) => r.attributes['kind'] === 'Namespace'),
    ...changes.filter((r) => r.attributes['kind'] !== 'Namespace'),
  ];
  await runInBatches(provider, ordered);
  const ms = performance.now() - started;
  await provider.close?.();
  return {
    requests: requests.filter((request) => !isDiscovery(request)),
    changed: changes.length,
    ms,
  };
}

async function runInBatches(
  provider: ResourceProvider,
  resources: readonly Resource[],
): Promise<void> {
  const [first, ...rest] = resources;
  if (first?.attributes['kind'] === 'Namespace') await applyOne(provider, first);
  const queue = first?.attributes['kind'] === 'Namespace' ? [...rest] : [...resources];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await applyOne(provider, next);
    }),
  );
}

async function applyOne(provider: ResourceProvider, resource: Resource): Promise<void> {
  await provider.apply({
    ...base(),
    resource,
    action: 'Create',
    options: { ...OPTIONS, watch: false },
    report: () => undefined,
  });
}

let provider: ResourceProvider;
beforeAll(async () => {
  ({ provider } = await createProvider());
});
afterAll(async () => {
  await provider.close?.();
  await kubectl('delete', 'namespace', namespace, '--wait=false', '--ignore-not-found');
});

describe('API requests per object', () => {
  const resources = app('1');
  const perObject = (count: number): number => count / resources.length;

  it('create: the namespace is new, so its objects need neither a read nor a dry run', async () => {
    const { requests, changed, ms } = await deploy(resources);
    expect(changed).toBe(30);
    expect(perObject(requests.length)).toBeLessThanOrEqual(2);
    expect(
      requests.filter((r) => r.method === 'PATCH' && r.query['dryRun'] === undefined),
    ).toHaveLength(30);
    // eslint-disable-next-line no-console -- the measurement is the point of this test
    console.log(
      `create: ${requests.length} requests for 30 objects (${perObject(requests.length).toFixed(2)}/object), ${ms.toFixed(0)} ms`,
    );
  });

  it('unchanged: one LIST per namespace and kind, no dry run, no apply', async () => {
    const { requests, changed, ms } = await deploy(resources);
    expect(changed).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /api/v1/namespaces/${namespace}`,
      `GET /api/v1/namespaces/${namespace}/configmaps`,
      `GET /api/v1/namespaces/${namespace}/secrets`,
      `GET /api/v1/namespaces/${namespace}/services`,
      `GET /apis/apps/v1/namespaces/${namespace}/deployments`,
    ]);
    // eslint-disable-next-line no-console -- the measurement is the point of this test
    console.log(
      `unchanged: ${requests.length} requests for 30 objects (${perObject(requests.length).toFixed(2)}/object), ${ms.toFixed(0)} ms`,
    );
  });

  it('update: a LIST per namespace and kind, one dry run and one apply per changed object', async () => {
    const { requests, changed, ms } = await deploy(app('2'));
    expect(changed).toBe(29);
    expect(perObject(requests.length)).toBeLessThanOrEqual(3);
    expect(requests.filter((r) => r.query['dryRun'] === 'All')).toHaveLength(29);
    // eslint-disable-next-line no-console -- the measurement is the point of this test
    console.log(
      `update: ${requests.length} requests for 30 objects (${perObject(requests.length).toFixed(2)}/object), ${ms.toFixed(0)} ms`,
    );
  });

  it('readMany treats kinds the cluster does not serve as absent, without failing', async () => {
    const ghost = kubernetesResource({
      apiVersion: 'ghosts.example.com/v1',
      kind: 'Ghost',
      metadata: { name: 'g', namespace },
    });
    const config = resources[1] as Resource;
    const live = await provider.readMany?.({
      ...base(),
      items: [{ resource: ghost }, { resource: config }],
    });
    expect(live?.get(ghost.id)).toBeUndefined();
    expect(live?.get(config.id)).toMatchObject({ kind: 'ConfigMap', data: { index: '0' } });
  });
});

/** A CRD and its custom resources in one deploy; deletion that waits for finalizers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceProvider, Resource } from '@kusion/sdk';
import {
  apply,
  createProvider,
  kubectl,
  kubernetesResource,
  plan,
  read,
  remove,
  watch,
} from './kube-fixtures.js';

let provider: ResourceProvider;
beforeAll(async () => {
  ({ provider } = await createProvider());
});
afterAll(async () => {
  await provider.close?.();
});

const suffix = Date.now().toString(36);

describe('custom resources in the same deploy as their CRD', () => {
  const group = `g${suffix}.example.com`;
  const namespace = kubernetesResource({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `crd-${suffix}` },
  });
  const crd = kubernetesResource({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        },
      ],
    },
  });
  const gadget = kubernetesResource({
    apiVersion: `${group}/v1`,
    kind: 'Gadget',
    metadata: { name: 'g1', namespace: `crd-${suffix}` },
    spec: { size: 3 },
  });
  const all: Resource[] = [gadget, crd, namespace];

  it('orders Namespace and CRD first, plans from the manifest, waits for Established, then applies', async () => {
    const inference = provider.inferDependencies?.({ resources: all });
    expect(inference?.edges).toEqual(
      expect.arrayContaining([
        { dependent: gadget.id, dependency: namespace.id },
        { dependent: gadget.id, dependency: crd.id },
      ]),
    );

    const live = await provider.readMany?.({
      items: all.map((resource) => ({ resource })),
      signal: new AbortController().signal,
      io: undefined as never,
      context: undefined as never,
    });
    expect([...(live?.values() ?? [])]).toEqual([undefined, undefined, undefined]);
    // What the Spec defines reaches plan as data: without those facts the kind is unknown.
    await expect(plan(provider, gadget, undefined)).rejects.toThrow(/Gadget/);
    const planned = await plan(provider, gadget, undefined, {}, inference?.facts);
    expect(planned.predicted).toEqual({
      ...gadget.attributes,
      metadata: { name: 'g1', namespace: `crd-${suffix}`, uid: '(known after apply)' },
    });

    await apply(provider, namespace);
    const reports: string[] = [];
    const crdState = await apply(provider, crd, { reports });
    expect(crdState.attributes['kind']).toBe('CustomResourceDefinition');
    const established = await kubectl(
      'get',
      'crd',
      `gadgets.${group}`,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    );
    expect(established).toBe('True');
    const state = await apply(provider, gadget);
    expect(await read(provider, gadget)).toEqual(state.attributes);
    expect(await watch(provider, state)).toEqual([{ isReady: true, message: 'ready' }]);

    // Deleting the CRD deletes its custom resources (apiextensions' own finalizer). The kind is
    // then not served: the custom resource reads as absent, and deleting it succeeds at once.
    await remove(provider, crdState);
    expect(await read(provider, crd)).toBeUndefined();
    expect(await read(provider, gadget)).toBeUndefined();
    await remove(provider, state);
  });

  it('refuses a kind that is neither served nor defined in the Spec', async () => {
    const unknown = kubernetesResource({
      apiVersion: 'nothing.example.com/v1',
      kind: 'Ghost',
      metadata: { name: 'g', namespace: 'default' },
    });
    await expect(plan(provider, unknown, undefined)).rejects.toThrow(
      'the cluster does not serve kind "Ghost" in apiVersion "nothing.example.com/v1"',
    );
  });
});

describe('deletion', () => {
  it('deletes a namespace in the foreground and waits until it is gone', async () => {
    const name = `del-${suffix}`;
    const namespace = kubernetesResource({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
    const config = kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'inside', namespace: name },
      data: { a: '1' },
    });
    const state = await apply(provider, namespace);
    await apply(provider, config);
    const reports: string[] = [];
    const started = Date.now();
    await remove(provider, state, { reports });
    // The namespace controller empties it first: this takes seconds, and we waited for all of it.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect(await read(provider, namespace)).toBeUndefined();
    expect(await kubectl('get', 'namespace', name, '--ignore-not-found')).toBe('');
    expect(
      reports.some(
        (report) =>
          report.startsWith('namespace terminating') || report.startsWith('waiting for finalizers'),
      ),
    ).toBe(true);
    // Idempotent: deleting what is gone succeeds at once.
    await remove(provider, state);
  });

  it('gives up at the deadline with what holds the object', async () => {
    const name = `held-${suffix}`;
    const config = kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default', finalizers: ['example.com/hold'] },
    });
    const state = await apply(provider, config);
    await expect(remove(provider, state, { deadline: Date.now() + 1_500 })).rejects.toThrow(
      `timed out waiting for ConfigMap default/${name} to be deleted; last status: waiting for finalizers: example.com/hold`,
    );
    await kubectl(
      'patch',
      'configmap',
      name,
      '-n',
      'default',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    );
    await remove(provider, state);
    expect(await read(provider, config)).toBeUndefined();
  });
});

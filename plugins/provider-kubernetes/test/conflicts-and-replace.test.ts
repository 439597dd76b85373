/** Field-manager conflicts, forceConflicts, and changes that need a replacement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceProvider, Resource } from '@kusion/sdk';
import {
  apply,
  createNamespace,
  createProvider,
  kubectl,
  kubernetesResource,
  plan,
  read,
  remove,
} from './kube-fixtures.js';

let namespace: string;
let provider: ResourceProvider;

beforeAll(async () => {
  namespace = await createNamespace('conflict');
  ({ provider } = await createProvider());
});
afterAll(async () => {
  await provider.close?.();
});

describe('field manager conflicts', () => {
  it('fails with the other manager and its fields named, then forceConflicts takes ownership', async () => {
    const resource = kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace },
      data: { level: 'info', mode: 'a' },
    });
    await apply(provider, resource);
    await kubectl(
      '-n',
      namespace,
      'patch',
      'configmap',
      'shared',
      '--type',
      'merge',
      '--field-manager',
      'ops-team',
      '-p',
      '{"data":{"level":"debug","mode":"b"}}',
    );

    const live = await read(provider, resource);
    const expected =
      /conflict with another field manager: field manager "ops-team" owns data\.(level, data\.mode|mode, data\.level)/;
    await expect(plan(provider, resource, live)).rejects.toThrow(expected);
    const failure = await apply(provider, resource).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'PROVIDER_FAILED',
      retryable: false,
      hint: expect.stringContaining('--force-conflicts'),
    });
    expect((failure as Error).message).toMatch(expected);

    const forced = await plan(provider, resource, live, { forceConflicts: true });
    expect(forced.predicted['data']).toEqual({ level: 'info', mode: 'a' });
    await apply(provider, resource, { forceConflicts: true });
    expect((await read(provider, resource))?.['data']).toEqual({ level: 'info', mode: 'a' });
    const managers = await kubectl(
      '-n',
      namespace,
      'get',
      'configmap',
      'shared',
      '--show-managed-fields',
      '-o',
      'jsonpath={range .metadata.managedFields[*]}{.manager}={.fieldsV1}{"\\n"}{end}',
    );
    expect(managers).toMatch(/kusion=.*f:level/);
  });
});

describe("an object KusionStack Kusion's Go runtime created (manager kusion, operation Update)", () => {
  const settings = (mode: string): Resource =>
    kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'from-kusion-go', namespace },
      data: { mode },
    });

  it('is up to date for the same Spec, and changed without --force-conflicts', async () => {
    // Kusion (Go) creates through client-go without naming a manager: the user agent's `kusion`.
    await kubectl(
      '-n',
      namespace,
      'create',
      'configmap',
      'from-kusion-go',
      '--from-literal=mode=blue',
      '--field-manager',
      'kusion',
    );
    const live = await read(provider, settings('blue'));
    const same = await plan(provider, settings('blue'), live);
    expect(same.predicted).toEqual(live);
    expect(same.updateReason).toBeUndefined();

    const changed = await plan(provider, settings('green'), live);
    expect(changed.predicted['data']).toEqual({ mode: 'green' });
    await apply(provider, settings('green'));
    expect((await read(provider, settings('green')))?.['data']).toEqual({ mode: 'green' });
  });

  it('still conflicts with any other manager', async () => {
    await kubectl(
      '-n',
      namespace,
      'patch',
      'configmap',
      'from-kusion-go',
      '--type',
      'merge',
      '--field-manager',
      'ops-team',
      '-p',
      '{"data":{"mode":"red"}}',
    );
    await expect(
      plan(provider, settings('green'), await read(provider, settings('green'))),
    ).rejects.toThrow(/"ops-team" owns data\.mode/);
  });
});

describe('field ownership without a change of value', () => {
  const settings = (mode: string): Resource =>
    kubernetesResource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owned', namespace },
      data: { mode },
    });
  const kusionFields = async () =>
    kubectl(
      '-n',
      namespace,
      'get',
      'configmap',
      'owned',
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[?(@.manager=="kusion")].fieldsV1}',
    );

  it("plans an Update that shares a field another manager set to the Spec's value, as server-side apply does", async () => {
    await apply(provider, settings('blue'));
    await kubectl(
      '-n',
      namespace,
      'patch',
      'configmap',
      'owned',
      '--type',
      'merge',
      '--field-manager',
      'ops-team',
      '-p',
      '{"data":{"mode":"green"}}',
    );
    expect(await kusionFields()).not.toContain('f:mode');

    // The Spec adopts the value: nothing to change, but data.mode is ops-team's alone.
    const live = await read(provider, settings('green'));
    const adopted = await plan(provider, settings('green'), live);
    expect(adopted.predicted).toEqual(live);
    expect(adopted.updateReason).toBe(
      'field ownership changes: Kusion takes ownership of data.mode (set by "ops-team")',
    );
    await apply(provider, settings('green'));
    expect(await kusionFields()).toContain('f:mode');

    // An equal value is owned jointly, so changing it is a conflict until forced; then it is Kusion's alone.
    await expect(
      plan(provider, settings('red'), await read(provider, settings('red'))),
    ).rejects.toThrow(/"ops-team" owns data\.mode/);
    await apply(provider, settings('red'), { forceConflicts: true });
    const next = await read(provider, settings('purple'));
    expect((await plan(provider, settings('purple'), next)).predicted['data']).toEqual({
      mode: 'purple',
    });
    await apply(provider, settings('purple'));
    expect((await read(provider, settings('purple')))?.['data']).toEqual({ mode: 'purple' });
  });

  it('plans no ownership change for an object Kusion applied and nobody touched', async () => {
    const live = await read(provider, settings('purple'));
    const unchanged = await plan(provider, settings('purple'), live);
    expect(unchanged.updateReason).toBeUndefined();
    expect(unchanged.predicted).toEqual(live);
  });
});

describe('replacements', () => {
  const deployment = (app: string): Resource =>
    kubernetesResource({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'selector', namespace },
      spec: {
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
        },
      },
    });

  it('plans a selector change as a replacement that names spec.selector, then replaces', async () => {
    const state = await apply(provider, deployment('one'));
    const live = await read(provider, deployment('one'));
    const planned = await plan(provider, deployment('two'), live);
    expect(planned.replaceReason).toBe(
      'spec.selector cannot change in place: the object is deleted and created again',
    );
    expect(planned.predicted['spec']).toMatchObject({
      selector: { matchLabels: { app: 'two' } },
      revisionHistoryLimit: 10,
    });
    expect(await read(provider, deployment('one')), 'planning must not change anything').toEqual(
      live,
    );

    await remove(provider, state);
    const replaced = await apply(provider, deployment('two'));
    const after = await read(provider, deployment('two'));
    expect(after).toEqual(replaced.attributes);
    expect((after?.['metadata'] as { uid: string }).uid).not.toBe(
      (live?.['metadata'] as { uid: string }).uid,
    );
    expect((await plan(provider, deployment('two'), after)).replaceReason).toBeUndefined();
  });

  it('plans a Service clusterIP change as a replacement', async () => {
    const service = (clusterIP?: string) =>
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'fixed', namespace },
        spec: {
          ...(clusterIP ? { clusterIP } : {}),
          selector: { app: 'x' },
          ports: [{ port: 80 }],
        },
      });
    const created = await apply(provider, service());
    const ip = (created.attributes['spec'] as { clusterIP: string }).clusterIP;
    const other = ip.endsWith('.200') ? ip.replace(/\d+$/, '201') : ip.replace(/\d+$/, '200');
    const planned = await plan(provider, service(other), await read(provider, service()));
    expect(planned.replaceReason).toMatch(/^spec\.clusterIPs?(\[0\])?.* cannot change in place/);
  });
});

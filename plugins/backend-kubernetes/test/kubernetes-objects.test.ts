/**
 * What the backend leaves in the cluster, as `kubectl` shows it, and what happens when someone
 * changes it by hand: the Lease's fields, released Leases keeping their generation, a lease cleared
 * or taken by another tool, releases as labelled, gzip-compressed Secrets with their summary in an
 * annotation, the size limit, and clear errors for a missing namespace.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  sampleRelease,
  sampleResource,
  sampleScope,
  sampleWriter,
} from '@kusion/testkit/backend-conformance';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/client/namespace-objects.js';
import { lockName, releaseKey, releaseName } from '../src/layout.js';
import { openKubernetesBackend } from '../src/kubernetes-backend.js';
import { createTestNamespace, kubeconfigPath, newNamespaceName } from './kube-namespaces.js';
import type { TestNamespace } from './kube-namespaces.js';

const lockScope = { project: sampleScope.project, workspace: sampleScope.workspace };
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

const namespaces: TestNamespace[] = [];
async function namespace(): Promise<TestNamespace> {
  const created = await createTestNamespace();
  namespaces.push(created);
  return created;
}
afterEach(async () => {
  for (const created of namespaces.splice(0)) await created.remove();
});

function specOf(lease: KubeObject | undefined): Record<string, unknown> {
  return (lease?.['spec'] ?? {}) as Record<string, unknown>;
}

describe('the lock as a coordination.k8s.io/v1 Lease', () => {
  it('names the holder in spec and its LockInfo in annotations; released, it keeps the generation', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const writer = await sampleWriter(backend, { scope: lockScope });
    const name = lockName(lockScope);
    const held = await ns.admin.get('leases', name);
    expect(specOf(held)).toMatchObject({
      holderIdentity: writer.lock.info.id,
      leaseDurationSeconds: 60,
      acquireTime: expect.stringMatching(MICRO_TIME),
      renewTime: expect.stringMatching(MICRO_TIME),
    });
    expect(held?.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'kusion',
      'kusion.io/record': 'lock',
      'kusion.io/project': 'shop',
      'kusion.io/workspace': 'dev',
    });
    expect(JSON.parse(held?.metadata.annotations?.['kusion.io/lock'] ?? '')).toEqual(
      writer.lock.info,
    );
    await writer.lock.release();
    const released = await ns.admin.get('leases', name);
    expect(specOf(released)['holderIdentity']).toBeUndefined();
    expect(JSON.parse(released?.metadata.annotations?.['kusion.io/lock'] ?? '')).toMatchObject({
      released: true,
      generation: writer.fence.generation,
    });
    const next = await sampleWriter(await ns.open(), { scope: lockScope });
    expect(next.fence.generation).toBe(writer.fence.generation + 1);
    expect(specOf(await ns.admin.get('leases', name))['leaseTransitions']).toBe(1);
  });

  it('refuses every write of a holder whose holderIdentity was cleared by hand (kubectl edit), and writes nothing', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const writer = await sampleWriter(backend);
    await backend.releases.create(
      sampleRelease(1, [sampleResource('a')], { phase: 'applying' }),
      writer.write,
    );
    const journal = await backend.releases.openJournal(sampleScope, 1, writer.write);
    await journal.append({ op: 'put', resource: sampleResource('b') });
    const lease = await ns.admin.get('leases', lockName(lockScope));
    if (!lease) throw new Error('no Lease');
    const cleared = { ...lease, spec: { ...specOf(lease), holderIdentity: undefined } };
    expect(typeof (await ns.admin.replace('leases', cleared))).toBe('object');

    const lost = { code: 'LOCKED', message: expect.stringContaining('force-released') };
    await expect(journal.append({ op: 'delete', id: 'a' })).rejects.toMatchObject(lost);
    await journal.close();
    await expect(
      backend.releases.update(sampleRelease(1, [], { phase: 'succeeded' }), writer.write),
    ).rejects.toMatchObject(lost);
    await expect(writer.lock.renew()).rejects.toMatchObject(lost);
    expect(await (await ns.open()).releases.get(sampleScope, 1)).toMatchObject({
      phase: 'applying',
      state: { resources: [sampleResource('a'), sampleResource('b')] },
    });
    // The next holder gets a generation above the one the cleared Lease still remembers.
    const next = await sampleWriter(await ns.open());
    expect(next.fence.generation).toBe(writer.fence.generation + 1);
  });

  it('reports a Lease another tool holds as held by that identity, and takes it over only when named', async () => {
    const ns = await namespace();
    const created = await ns.admin.create('leases', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: lockName(lockScope) },
      spec: { holderIdentity: 'other-tool', leaseDurationSeconds: 15 },
    });
    expect(created).not.toBe('exists');
    const locks = (await ns.open()).locks;
    const holder = await locks.inspect(lockScope);
    expect(holder).toMatchObject({
      id: 'other-tool',
      generation: 0,
      command: expect.stringContaining('not written by kusion'),
    });
    expect(
      await locks.tryAcquire({
        scope: lockScope,
        holder: { user: 'ana', host: 'laptop', pid: 1, command: 'x' },
        ttlMs: 1000,
      }),
    ).toEqual({ holder });
    const taken = await locks.tryAcquire({
      scope: lockScope,
      holder: { user: 'ana', host: 'laptop', pid: 1, command: 'x' },
      ttlMs: 1000,
      replaceHolderId: 'other-tool',
    });
    expect('lock' in taken && taken.lock.info.generation).toBe(1);
  });
});

describe('releases as Secrets', () => {
  it('stores a release gzip-compressed in a labelled Secret, its summary in an annotation', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const writer = await sampleWriter(backend);
    const release = sampleRelease(1, [sampleResource('a')], { phase: 'succeeded' });
    await backend.releases.create(release, writer.write);
    const secret = await ns.admin.get('secrets', releaseName(releaseKey(sampleScope), 1));
    expect(secret?.['type']).toBe('kusion.io/release');
    expect(secret?.metadata.labels).toMatchObject({
      'kusion.io/record': 'release',
      'kusion.io/project': 'shop',
      'kusion.io/workspace': 'dev',
      'kusion.io/stack': 'main',
      'kusion.io/revision': '1',
    });
    const data = (secret?.['data'] ?? {}) as Record<string, string>;
    const stored = JSON.parse(
      gunzipSync(Buffer.from(data['release.json.gz'] ?? '', 'base64')).toString(),
    );
    expect(stored).toEqual({ ...release, lockGeneration: writer.fence.generation });
    expect(JSON.parse(secret?.metadata.annotations?.['kusion.io/summary'] ?? '')).toMatchObject({
      revision: 1,
      phase: 'succeeded',
      resourceCount: 1,
    });
  });

  it('keeps names that are no valid label value exact (in annotations) and apart', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const odd = { project: 'Shop Front ☂', workspace: 'dev_', stack: 'main' };
    const writer = await sampleWriter(backend, { scope: odd });
    await backend.releases.create({ ...sampleRelease(1), ...odd }, writer.write);
    expect((await (await ns.open()).releases.list(odd)).map((s) => s.project)).toEqual([
      odd.project,
    ]);
    expect(await backend.releases.list(sampleScope)).toEqual([]);
  });

  it('refuses a release too large for a Secret before writing anything, saying so (STATE_TOO_LARGE)', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const writer = await sampleWriter(backend);
    // Random bytes do not compress: 1.2 MiB stays above the 1 MiB a Secret may hold.
    const noise = randomBytes(900 * 1024).toString('base64');
    const huge = sampleRelease(1, [{ id: 'big', type: 'Test', attributes: { noise } }]);
    await expect(backend.releases.create(huge, writer.write)).rejects.toMatchObject({
      code: 'STATE_TOO_LARGE',
      message: expect.stringMatching(/release 1 of .* is too large .* at most 1\.0 MiB/),
    });
    expect(await backend.releases.latest(sampleScope)).toBeUndefined();
    // The same state as ordinary JSON compresses far below the limit.
    const large = sampleRelease(
      1,
      Array.from({ length: 3000 }, (_, i) => ({
        id: `r${i}`,
        type: 'Test',
        attributes: { image: 'registry.example.com/shop/api:1.2.3', replicas: 3, index: i },
      })),
    );
    await backend.releases.create(large, writer.write);
    expect((await backend.releases.get(sampleScope, 1))?.state.resources).toHaveLength(3000);
  });
});

describe('journal groups as Secrets', () => {
  it('cuts entries appended together into groups that each fit a Secret, replayed in order', async () => {
    const ns = await namespace();
    const backend = await ns.open();
    const writer = await sampleWriter(backend);
    await backend.releases.create(sampleRelease(1, [], { phase: 'applying' }), writer.write);
    const journal = await backend.releases.openJournal(sampleScope, 1, writer.write);
    // Three 260 KiB entries that compress little, appended in one tick: two fit in the first
    // group (768 KiB of JSON at most), the third goes in a second one.
    const entries = ['a', 'b', 'c'].map((id) => ({
      id,
      type: 'Test',
      attributes: { noise: randomBytes(195 * 1024).toString('base64') },
    }));
    await Promise.all(entries.map((resource) => journal.append({ op: 'put', resource })));
    await journal.close();
    const groups = await ns.admin.list('secrets', 'kusion.io/record=journal', {
      isMetadataOnly: true,
    });
    expect(
      groups.map((group) => group.metadata.annotations?.['kusion.io/sequence']).sort(),
    ).toEqual(['1', '2']);
    const reader = (await ns.open()).releases;
    expect((await reader.get(sampleScope, 1))?.state.resources.map((r) => r.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    // Folded on update: the groups are gone, the release holds the entries.
    await backend.releases.update(sampleRelease(1, [], { phase: 'succeeded' }), writer.write);
    expect(await ns.admin.list('secrets', 'kusion.io/record=journal')).toEqual([]);
    expect((await reader.get(sampleScope, 1))?.state.resources).toHaveLength(3);
  });
});

describe('settings and connection errors', () => {
  it('says how to fix a namespace that does not exist, and creates it with createNamespace: true', async () => {
    const missing = newNamespaceName('missing');
    const backend = await openKubernetesBackend({
      kubeconfig: kubeconfigPath(),
      namespace: missing,
    });
    // Reads of a namespace that does not exist are empty, as for kubectl; the first write says why.
    expect(await backend.workspaces.list()).toEqual([]);
    await expect(backend.workspaces.create({ name: 'dev' })).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: expect.stringContaining(`namespaces "${missing}" not found`),
      hint: expect.stringContaining(`kubectl create namespace ${missing}`),
    });
    await expect(
      backend.locks.tryAcquire({
        scope: lockScope,
        holder: { user: 'a', host: 'h', pid: 1, command: 'c' },
        ttlMs: 1000,
      }),
    ).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      hint: expect.stringContaining('createNamespace: true'),
    });
    await backend.close?.();
    const creating = await openKubernetesBackend({
      kubeconfig: kubeconfigPath(),
      namespace: missing,
      createNamespace: true,
    });
    await creating.workspaces.create({ name: 'dev' });
    expect(await creating.workspaces.list()).toEqual(['dev']);
    await creating.close?.();
  });

  it('names a missing kubeconfig file and an unknown context', async () => {
    await expect(openKubernetesBackend({ kubeconfig: '/nowhere/config' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('kubeconfig file not found: /nowhere/config'),
    });
    await expect(
      openKubernetesBackend({ kubeconfig: kubeconfigPath(), context: 'prod' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringContaining('use one of: kusion-test'),
    });
  });
});

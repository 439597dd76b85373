/**
 * The Role in deploy/rbac.yaml (the one the README shows) is all the backend needs: a service
 * account bound to it runs a whole deploy's worth of calls — workspace, lock, release, journal,
 * fold, rollout, the data key made and re-wrapped, unlock — and one without it is refused with a
 * hint naming the Role.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderKubeconfig } from '@kusion/test-peers';
import {
  sampleRelease,
  sampleResource,
  sampleScope,
  sampleWriter,
} from '@kusion/testkit/backend-conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '../src/client/client-node.js';
import { openKubernetesBackend } from '../src/kubernetes-backend.js';
import { createTestNamespace, kubeconfigPath } from './kube-namespaces.js';
import type { TestNamespace } from './kube-namespaces.js';

const run = promisify(execFile);
const RBAC = fileURLToPath(new URL('../deploy/rbac.yaml', import.meta.url));

let ns: TestNamespace;
beforeAll(async () => {
  ns = await createTestNamespace();
});
afterAll(async () => {
  await ns.remove();
});

const kubectl = (...args: string[]) =>
  run('kubectl', ['--kubeconfig', kubeconfigPath(), '-n', ns.namespace, ...args]);

/** A kubeconfig that authenticates as service account `name` of the test namespace. */
async function kubeconfigOf(name: string): Promise<string> {
  await kubectl('create', 'serviceaccount', name);
  // The controller-manager's token controller writes the account's token Secret.
  let token = '';
  for (let attempt = 0; attempt < 100 && token === ''; attempt++) {
    const { stdout } = await kubectl(
      'get',
      'secrets',
      '-o',
      `jsonpath={.items[?(@.metadata.annotations.kubernetes\\.io/service-account\\.name=="${name}")].data.token}`,
    );
    token = Buffer.from(stdout.trim(), 'base64').toString();
    if (token === '') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const admin = new KubeConfig();
  admin.loadFromFile(kubeconfigPath());
  const cluster = admin.getCurrentCluster();
  const caPem = Buffer.from(cluster?.caData ?? '', 'base64').toString();
  const path = join(tmpdir(), `kusion-rbac-${ns.namespace}-${name}.yaml`);
  await writeFile(path, renderKubeconfig(cluster?.server ?? '', caPem, token), { mode: 0o600 });
  return path;
}

describe('the Role in deploy/rbac.yaml', () => {
  it('is enough for every call of a run', async () => {
    await kubectl('apply', '-f', RBAC);
    const backend = await openKubernetesBackend({
      kubeconfig: await kubeconfigOf('kusion'),
      namespace: ns.namespace,
    });
    await backend.workspaces.create({ name: 'dev' });
    await backend.workspaces.setCurrent('dev');
    expect(await backend.workspaces.getCurrent()).toBe('dev');
    const writer = await sampleWriter(backend);
    await writer.lock.renew();
    await backend.releases.create(sampleRelease(1, [], { phase: 'applying' }), writer.write);
    const journal = await backend.releases.openJournal(sampleScope, 1, writer.write);
    await journal.append({ op: 'put', resource: sampleResource('a') });
    await journal.close();
    await backend.releases.update(sampleRelease(1, [], { phase: 'succeeded' }), writer.write);
    expect((await backend.releases.list(sampleScope))[0]).toMatchObject({ resourceCount: 1 });
    await writer.lock.release();
    await backend.rollouts?.create({
      id: '20240101T000000Z-000001',
      project: 'shop',
      stacks: ['main'],
      waves: [],
      status: 'running',
      rollbackOnFailure: false,
      createdAt: '2024-01-01T00:00:00.000Z',
      modifiedAt: '2024-01-01T00:00:00.000Z',
      user: 'ana',
      host: 'laptop',
    });
    // The data key: created on a first sealed run, read, re-wrapped by `kusion secrets rotate`.
    const dataKey = {
      service: 'passphrase',
      ciphertext: 'd3JhcHBlZA==',
      parameters: { passphraseEnv: 'KUSION_PASSPHRASE' },
      keyId: '0123456789abcdef',
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    const created = await backend.keys?.put(dataKey, { ifAbsent: true });
    expect(created).toMatchObject({ stored: true });
    const read = await backend.keys?.get();
    expect(read?.key).toEqual(dataKey);
    const rotated = { ...dataKey, ciphertext: 'cmV3cmFwcGVk', rotatedAt: '2024-02-01T00:00:00Z' };
    expect(await backend.keys?.put(rotated, { ifMatch: read?.version ?? '' })).toMatchObject({
      stored: true,
    });
    expect(await backend.locks.forceRelease({ project: 'shop', workspace: 'dev' })).toBeUndefined();
    await backend.workspaces.delete('dev');
    await backend.close?.();
  });

  it('is missing: the refusal names the Role to grant', async () => {
    const backend = await openKubernetesBackend({
      kubeconfig: await kubeconfigOf('nobody'),
      namespace: ns.namespace,
    });
    await expect(backend.workspaces.list()).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: expect.stringContaining('forbidden'),
      hint: expect.stringContaining('grant the Role in the README'),
    });
    await backend.close?.();
  });
});

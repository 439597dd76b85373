import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../src/http.ts';
import { startKubeApiserver, type KubeApiserverPeer } from '../src/index.ts';
import { eventually, livePids, run, runOk, seconds } from './helpers.ts';

function kubectl(
  peer: KubeApiserverPeer,
  args: readonly string[],
  input?: string,
): Promise<string> {
  return runOk(
    'kubectl',
    ['--kubeconfig', peer.kubeconfigPath, ...args],
    input === undefined ? {} : { input },
  );
}

function configMap(name: string, data: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data,
  });
}

describe('kube-apiserver without controller-manager', () => {
  let peer: KubeApiserverPeer;

  beforeAll(async () => {
    const start = performance.now();
    peer = await startKubeApiserver();
    console.log(`kube-apiserver ready in ${seconds(start)} s at ${peer.server}`);
  });

  afterAll(async () => {
    await peer.stop();
  });

  it('answers /readyz over TLS verified by caPem with the token', async () => {
    expect(peer.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await httpRequest(`${peer.server}/readyz`, {
      ca: peer.caPem,
      headers: { Authorization: `Bearer ${peer.token}` },
    });
    expect(response).toEqual({ status: 200, body: 'ok' });
    const anonymous = await httpRequest(`${peer.server}/api/v1/namespaces`, { ca: peer.caPem });
    expect(anonymous.status).toBe(403);
  });

  it('is reachable with kubectl through the kubeconfig', async () => {
    const names = await kubectl(peer, ['get', 'ns', '-o', 'name']);
    expect(names.split('\n')).toEqual(
      expect.arrayContaining(['namespace/default', 'namespace/kube-system']),
    );
    const version = JSON.parse(await kubectl(peer, ['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toBe('v1.20.2');
  });

  it('accepts server-side apply: create, update, and a field-manager conflict', async () => {
    expect(
      await kubectl(peer, ['apply', '--server-side', '-f', '-'], configMap('ssa', { a: '1' })),
    ).toContain('configmap/ssa serverside-applied');
    await kubectl(
      peer,
      ['apply', '--server-side', '-f', '-'],
      configMap('ssa', { a: '2', b: '3' }),
    );
    const applied = JSON.parse(
      await kubectl(peer, ['get', 'configmap', 'ssa', '-o', 'json', '--show-managed-fields']),
    );
    expect(applied.data).toEqual({ a: '2', b: '3' });
    expect(applied.metadata.managedFields[0].manager).toBe('kubectl');

    const conflict = await run(
      'kubectl',
      [
        '--kubeconfig',
        peer.kubeconfigPath,
        'apply',
        '--server-side',
        '--field-manager=other',
        '-f',
        '-',
      ],
      { input: configMap('ssa', { a: 'theirs' }) },
    );
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/conflict/i);
  });

  it('admits Pods although no controller creates service accounts', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod', namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'registry.invalid/app:1' }] },
    };
    expect(
      await kubectl(peer, ['apply', '--server-side', '-f', '-'], JSON.stringify(pod)),
    ).toContain('pod/pod serverside-applied');
  });
});

describe('kube-apiserver with controller-manager', () => {
  let peer: KubeApiserverPeer;

  beforeAll(async () => {
    const start = performance.now();
    peer = await startKubeApiserver({ withControllerManager: true });
    console.log(`kube-apiserver + controller-manager ready in ${seconds(start)} s`);
  });

  afterAll(async () => {
    await peer.stop();
  });

  it('runs etcd, kube-apiserver and kube-controller-manager', () => {
    expect(peer.processes.map(({ name }) => name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
    ]);
    expect(livePids(peer.processes.map(({ pid }) => pid))).toHaveLength(3);
  });

  it('turns a Deployment into a ReplicaSet', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1' }] },
        },
      },
    };
    await kubectl(peer, ['apply', '--server-side', '-f', '-'], JSON.stringify(deployment));
    await eventually('the ReplicaSet and its Pods exist', async () => {
      const replicaSets = JSON.parse(
        await kubectl(peer, ['get', 'rs', '-n', 'default', '-l', 'app=web', '-o', 'json']),
      );
      const pods = JSON.parse(
        await kubectl(peer, ['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'json']),
      );
      return replicaSets.items.length === 1 && pods.items.length === 2;
    });
  });

  it('finishes deleting a namespace', async () => {
    await kubectl(peer, ['create', 'namespace', 'doomed']);
    await kubectl(peer, ['create', 'configmap', 'inside', '-n', 'doomed', '--from-literal=a=b']);
    const start = performance.now();
    await kubectl(peer, ['delete', 'namespace', 'doomed', '--wait=true', '--timeout=60s']);
    console.log(`namespace deleted in ${seconds(start)} s`);
    const gone = await run('kubectl', [
      '--kubeconfig',
      peer.kubeconfigPath,
      'get',
      'namespace',
      'doomed',
    ]);
    expect(gone.stderr).toMatch(/NotFound/);
  });
});

describe('kube-apiserver stop', () => {
  it('ends every process and removes its temporary directory', async () => {
    const peer = await startKubeApiserver({ withControllerManager: true });
    const pids = peer.processes.map(({ pid }) => pid);
    expect(livePids(pids)).toEqual(pids);
    const start = performance.now();
    await peer.stop();
    console.log(`kube-apiserver + controller-manager stopped in ${seconds(start)} s`);
    expect(livePids(pids)).toEqual([]);
    expect(existsSync(peer.dir)).toBe(false);
    await peer.stop(); // idempotent
  });
});

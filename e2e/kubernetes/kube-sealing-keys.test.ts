/**
 * One sealing key per backend (issue 12) on the kubernetes backend, against a real kube-apiserver
 * (started here, stopped by its pid): the data key is the Secret `kusion-data-key` of the backend's
 * namespace, wrapped by a passphrase; a release deployed from one KUSION_HOME rolls back from
 * another with no shared key file or variable; no Secret or Lease holds the plain key or a secret
 * (their data decoded: base64, and gunzipped where the backend compresses); `kusion secrets rotate`
 * keeps both machines working.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passphraseSealingAcrossMachines } from '../test/support/sealing-keys.ts';

const NAMESPACE = 'kusion-sealing';
const run = promisify(execFile);
let kube: KubeApiserverPeer;

beforeAll(async () => {
  kube = await startKubeApiserver();
}, 300_000);
afterAll(async () => {
  await kube.stop();
});

interface ListedObject {
  readonly kind?: string;
  readonly metadata: { readonly name: string };
  readonly data?: Readonly<Record<string, string>>;
}

/** `kubectl get <kinds> -o json` in the backend's namespace: what its Role lets a teammate read. */
async function listObjects(kinds: string): Promise<ListedObject[]> {
  const { stdout } = await run('kubectl', [
    '--kubeconfig',
    kube.kubeconfigPath,
    '-n',
    NAMESPACE,
    'get',
    kinds,
    '-o',
    'json',
  ]);
  return (JSON.parse(stdout) as { items: ListedObject[] }).items;
}

/** A Secret's data entry as text: base64-decoded, and gunzipped when the backend compressed it. */
function decoded(value: string): string {
  const bytes = Buffer.from(value, 'base64');
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

describe('sealing keys on the kubernetes backend', () => {
  it('passphrase: rolls back from another KUSION_HOME with no shared key; the data key Secret holds only the wrapped key; rotate keeps both machines working', async () => {
    await passphraseSealingAcrossMachines({
      definition: {
        type: 'kubernetes',
        configs: { kubeconfig: kube.kubeconfigPath, namespace: NAMESPACE, createNamespace: true },
      },
      env: {},
      async readStoredKey() {
        const secrets = await listObjects('secrets').catch(() => []);
        const secret = secrets.find((item) => item.metadata.name === 'kusion-data-key');
        if (!secret) return undefined;
        // The Secret holds the wrapped key's JSON and nothing else.
        expect(Object.keys(secret.data ?? {})).toEqual(['data-key.json']);
        return decoded(secret.data?.['data-key.json'] ?? '');
      },
      async dumpStorage() {
        const items = await listObjects('secrets,leases');
        // The namespace holds the workspace, releases, the lock and the data key, all Kusion's.
        expect(items.map((item) => item.metadata.name)).toContain('kusion-data-key');
        expect(items.some((item) => item.metadata.name.startsWith('kusion-release-'))).toBe(true);
        // Everything as listed (annotations, labels) and every data entry decoded.
        let text = JSON.stringify(items);
        for (const item of items) {
          for (const [key, value] of Object.entries(item.data ?? {}))
            text += `\n${item.metadata.name}/${key}\n${decoded(value)}`;
        }
        return text;
      },
    });
  });
});

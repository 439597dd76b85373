/**
 * The data key Secret beyond the conformance checks, as `kubectl` sees it and when someone changes
 * it by hand: one labelled Secret holding only the wrapped key, a plain key never sent, a damaged
 * Secret reported (not handed to a key service, not taken for "no key yet"), and a re-wrap over a
 * version that changed since it was read storing nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Backend, KeyStore, WrappedKey } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/client/namespace-objects.js';
import { openKubernetesBackend } from '../src/kubernetes-backend.js';
import { createTestNamespace, kubeconfigPath, newNamespaceName } from './kube-namespaces.js';
import type { TestNamespace } from './kube-namespaces.js';

const NAME = 'kusion-data-key';

const wrapped: WrappedKey = {
  service: 'passphrase',
  ciphertext: 'c2VhbGVkLWJ5LXNjcnlwdA==',
  parameters: { kdf: 'scrypt', passphraseEnv: 'KUSION_PASSPHRASE', N: 32768 },
  keyId: '0123456789abcdef',
  createdAt: '2024-01-01T00:00:00.000Z',
};

const opened: { ns: TestNamespace; backend: Backend }[] = [];
async function keysIn(): Promise<{ ns: TestNamespace; keys: KeyStore }> {
  const ns = await createTestNamespace();
  const backend = await ns.open();
  opened.push({ ns, backend });
  if (!backend.keys) throw new Error('the kubernetes backend keeps no data key');
  return { ns, keys: backend.keys };
}
afterEach(async () => {
  for (const { ns, backend } of opened.splice(0)) {
    await backend.close?.();
    await ns.remove();
  }
});

function dataOf(secret: KubeObject | undefined): Record<string, string> {
  return (secret?.['data'] ?? {}) as Record<string, string>;
}

describe('the data key as a Secret', () => {
  it('is one labelled Secret holding only the wrapped key, versioned by its resourceVersion', async () => {
    const { ns, keys } = await keysIn();
    expect(keys.location).toBe(`Secret ${ns.namespace}/${NAME}`);
    expect(await keys.get()).toBeUndefined();
    const written = await keys.put(wrapped, { ifAbsent: true });
    if (!written.stored) throw new Error('the first write of an absent data key was refused');

    const [secret, ...others] = await ns.admin.list('secrets', 'kusion.io/record=data-key');
    expect(others).toEqual([]);
    expect(secret?.metadata).toMatchObject({
      name: NAME,
      resourceVersion: written.version,
      labels: { 'app.kubernetes.io/managed-by': 'kusion', 'kusion.io/record': 'data-key' },
    });
    expect(secret?.['type']).toBe('kusion.io/data-key');
    const data = dataOf(secret);
    expect(Object.keys(data)).toEqual(['data-key.json']);
    expect(JSON.parse(Buffer.from(data['data-key.json'] ?? '', 'base64').toString())).toEqual(
      wrapped,
    );
    expect(await keys.get()).toEqual({ key: wrapped, version: written.version });
  });

  it('never sends a plain key (the local backend alone may hold one)', async () => {
    const { ns, keys } = await keysIn();
    const plain = { ...wrapped, service: 'none', ciphertext: randomBytes(32).toString('base64') };
    await expect(keys.put(plain, { ifAbsent: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await ns.admin.get('secrets', NAME)).toBeUndefined();
    const stored = await keys.put(wrapped, { ifAbsent: true });
    if (!stored.stored) throw new Error('the first write of an absent data key was refused');
    await expect(keys.put(plain, { ifMatch: stored.version })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await keys.get())?.key).toEqual(wrapped);
  });

  it('reports a Secret damaged by hand as STATE_CORRUPT, naming it, never as "no key yet"', async () => {
    const { ns, keys } = await keysIn();
    await keys.put(wrapped, { ifAbsent: true });
    const stored = await ns.admin.get('secrets', NAME);
    if (!stored) throw new Error('no data key Secret');
    const edit = async (data: Record<string, string>) => {
      const current = await ns.admin.get('secrets', NAME);
      const replaced = await ns.admin.replace('secrets', { ...stored, ...current, data });
      expect(typeof replaced).toBe('object');
    };
    const damaged = { ...wrapped, keyId: 'not-a-fingerprint' };
    await edit({ 'data-key.json': Buffer.from(JSON.stringify(damaged)).toString('base64') });
    const read = keys.get();
    await expect(read).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      hint: expect.stringContaining('from a backup of the namespace'),
    });
    await expect(read).rejects.toThrow(
      `the data key in Secret ${ns.namespace}/${NAME} is damaged: "keyId" is not a key fingerprint`,
    );
    // The entry removed (kubectl edit): still damaged, so no second data key is ever made.
    await edit({ 'other.json': Buffer.from('{}').toString('base64') });
    await expect(keys.get()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining('is damaged: it has no "data-key.json" entry'),
    });
    await edit({ 'data-key.json': Buffer.from('{"service": "passph').toString('base64') });
    await expect(keys.get()).rejects.toThrow('is damaged: "service" names no key service');
    await expect(keys.put(wrapped, { ifAbsent: true })).resolves.toEqual({ stored: false });
  });

  it('stores nothing over a version that changed, or a Secret deleted, since it was read', async () => {
    const { ns, keys } = await keysIn();
    const first = await keys.put(wrapped, { ifAbsent: true });
    if (!first.stored) throw new Error('the first write of an absent data key was refused');
    // Someone labels the Secret by hand: its resourceVersion moves on, its key does not.
    const secret = await ns.admin.get('secrets', NAME);
    if (!secret) throw new Error('no data key Secret');
    const labelled = await ns.admin.replace('secrets', {
      ...secret,
      metadata: { ...secret.metadata, labels: { ...secret.metadata.labels, team: 'platform' } },
    });
    if (typeof labelled !== 'object') throw new Error(`labelling the Secret: ${labelled}`);
    const rotated = { ...wrapped, ciphertext: 'cm90YXRlZA==', rotatedAt: '2024-02-01T00:00:00Z' };
    expect(await keys.put(rotated, { ifMatch: first.version })).toEqual({ stored: false });
    // An empty version would make the PUT unconditional: it matches nothing instead.
    expect(await keys.put(rotated, { ifMatch: '' })).toEqual({ stored: false });
    expect(await keys.get()).toEqual({ key: wrapped, version: labelled.metadata.resourceVersion });
    // Over the version now read it is stored, under a new one.
    const won = await keys.put(rotated, { ifMatch: labelled.metadata.resourceVersion ?? '' });
    expect(won).toEqual({ stored: true, version: expect.any(String) });
    expect(won.stored && won.version).not.toBe(labelled.metadata.resourceVersion);
    expect((await keys.get())?.key).toEqual(rotated);

    expect(await ns.admin.delete('secrets', NAME)).toBe('deleted');
    expect(await keys.put(wrapped, { ifMatch: won.stored ? won.version : '' })).toEqual({
      stored: false,
    });
    expect(await keys.get()).toBeUndefined();
  });

  it('says how to fix a namespace that does not exist when the key is first stored', async () => {
    const missing = newNamespaceName('missing');
    const backend = await openKubernetesBackend({
      kubeconfig: kubeconfigPath(),
      namespace: missing,
    });
    expect(await backend.keys?.get()).toBeUndefined();
    await expect(backend.keys?.put(wrapped, { ifAbsent: true })).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: expect.stringContaining(`namespaces "${missing}" not found`),
      hint: expect.stringContaining(`kubectl create namespace ${missing}`),
    });
    await backend.close?.();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeConfig, resolvePath } from './kubeconfig.js';
import { parseSettings } from './settings.js';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: a
    cluster: { server: https://a.example:6443 }
  - name: b
    cluster: { server: https://b.example:6443 }
users:
  - name: u
    user: { token: super-secret-token }
contexts:
  - name: one
    context: { cluster: a, user: u }
  - name: two
    context: { cluster: b, user: u, namespace: team }
current-context: one
`;

describe('settings', () => {
  it('accepts kubeconfig, context and kubeconfigContent', () => {
    expect(parseSettings({ kubeconfig: '~/k', context: 'two' })).toEqual({
      kubeconfig: '~/k',
      context: 'two',
    });
  });

  it('refuses unknown settings, wrong types and both sources at once, all together', () => {
    expect(() =>
      parseSettings({ kubeConfig: 'x', context: 3, kubeconfig: 'a', kubeconfigContent: 'b' }),
    ).toThrow(
      'invalid settings for provider "kubernetes": unknown setting "kubeConfig" (known: kubeconfig, context, kubeconfigContent); "context" must be the name of a context in the kubeconfig, received 3 (a number); "kubeconfig" and "kubeconfigContent" cannot both be set',
    );
  });
});

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kusion-kubeconfig-'));
  writeFileSync(join(dir, 'config'), kubeconfig);

  it('expands ~ and resolves relative paths against the project folder', () => {
    expect(resolvePath('~/.kube/config', '/p')).toBe(join(homedir(), '.kube/config'));
    expect(resolvePath('conf/k', '/p')).toBe('/p/conf/k');
    expect(resolvePath('/abs/k', '/p')).toBe('/abs/k');
  });

  it('loads a file relative to the project, and selects the context and its namespace', () => {
    const loaded = loadKubeConfig({ kubeconfig: 'config', context: 'two' }, dir);
    expect(loaded.kubeConfig.getCurrentCluster()?.server).toBe('https://b.example:6443');
    expect(loaded.defaultNamespace).toBe('team');
    expect(loadKubeConfig({ kubeconfigContent: kubeconfig }, dir).defaultNamespace).toBe('default');
  });

  it('says what is wrong: a missing file, an unknown context, invalid inline YAML without quoting it', () => {
    expect(() => loadKubeConfig({ kubeconfig: 'nope' }, dir)).toThrow(
      `kubeconfig file not found: ${join(dir, 'nope')}`,
    );
    expect(() => loadKubeConfig({ kubeconfig: 'config', context: 'three' }, dir)).toThrow(
      'context "three" is not in the kubeconfig',
    );
    let message = '';
    try {
      loadKubeConfig({ kubeconfigContent: `${kubeconfig}\n  broken: [` }, dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^cannot read the kubeconfig \(kubeconfigContent\): invalid YAML at line \d+$/,
    );
    expect(message).not.toContain('super-secret-token');
  });
});

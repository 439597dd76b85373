import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, parseKubernetesSettings } from './settings.js';

describe('kubernetes backend settings', () => {
  it('defaults to namespace kusion-system, no namespace creation, the usual kubeconfig', () => {
    expect(parseKubernetesSettings({})).toEqual({
      namespace: DEFAULT_NAMESPACE,
      createNamespace: false,
    });
    expect(DEFAULT_NAMESPACE).toBe('kusion-system');
    expect(
      parseKubernetesSettings({
        kubeconfig: '~/.kube/ci',
        context: 'prod',
        namespace: 'platform-state',
        createNamespace: true,
      }),
    ).toEqual({
      kubeconfig: '~/.kube/ci',
      context: 'prod',
      namespace: 'platform-state',
      createNamespace: true,
    });
  });

  it('reports every problem at once, each with what was received', () => {
    let caught: unknown;
    try {
      parseKubernetesSettings({
        kubeconfig: 42,
        namespace: 'Kusion_State',
        createNamespace: 'yes',
        bucket: 'x',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringContaining('$KUSION_HOME/config.yaml'),
    });
    const message = (caught as Error).message;
    expect(message).toContain(
      'unknown setting "bucket" (known: kubeconfig, context, namespace, createNamespace)',
    );
    expect(message).toContain('"kubeconfig" must be a path to a kubeconfig file');
    expect(message).toContain('received 42 (a number)');
    expect(message).toContain('"namespace" must be a namespace name');
    expect(message).toContain('received "Kusion_State" (a string)');
    expect(message).toContain('"createNamespace" must be true or false, received "yes" (a string)');
  });

  it('refuses an empty context and a namespace longer than 63 characters', () => {
    expect(() => parseKubernetesSettings({ context: ' ' })).toThrow(/"context" must be/);
    expect(() => parseKubernetesSettings({ namespace: 'a'.repeat(64) })).toThrow(
      /"namespace" must be/,
    );
  });
});

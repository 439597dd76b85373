/**
 * A vitest `globalSetup` that starts the peers a test run needs once, hands their connection
 * details to the tests (`inject('kubeconfigPath')`, `inject('motoEndpoint')`) and stops them by pid
 * at the end. `KUSION_TEST_KUBECONFIG` points the tests at a kube-apiserver already running.
 *
 * ```ts
 * // test/global-setup.ts
 * import { peersGlobalSetup } from '@kusion/test-peers';
 * export default peersGlobalSetup({ kubeApiserver: true, moto: true });
 * ```
 */
// Loads vitest's types for the augmentation below; nothing at run time.
import type {} from 'vitest';
import { startKubeApiserver } from './kube-apiserver.ts';
import { startMoto } from './moto.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfigPath: string;
    motoEndpoint: string;
  }
}

export interface PeersGlobalSetupOptions {
  /** Start a kube-apiserver (with the controller-manager: namespace deletion, garbage collection). */
  readonly kubeApiserver?: boolean;
  readonly moto?: boolean;
}

/** What vitest hands a global setup (`TestProject`), reduced to what this one uses. */
export interface ProvidingProject {
  provide(key: 'kubeconfigPath' | 'motoEndpoint', value: string): void;
}

export function peersGlobalSetup(
  options: PeersGlobalSetupOptions,
): (project: ProvidingProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const stops: (() => Promise<void>)[] = [];
    try {
      if (options.kubeApiserver) {
        const existing = process.env['KUSION_TEST_KUBECONFIG'];
        if (existing) {
          project.provide('kubeconfigPath', existing);
        } else {
          const kube = await startKubeApiserver({ withControllerManager: true });
          stops.push(() => kube.stop());
          project.provide('kubeconfigPath', kube.kubeconfigPath);
        }
      }
      if (options.moto) {
        const moto = await startMoto();
        stops.push(() => moto.stop());
        project.provide('motoEndpoint', moto.endpoint);
      }
    } catch (error) {
      await Promise.all(stops.map((stop) => stop()));
      throw error;
    }
    return async () => {
      await Promise.all(stops.map((stop) => stop()));
    };
  };
}

/**
 * Raw manifests read by the k8s_manifest module deploy on the real kube-apiserver through the
 * engine (a namespaced Deployment, Service and ConfigMap, a ResourceQuota, a cluster-scoped
 * ClusterRole), plan nothing more, and are destroyed.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { kubectlGetJson } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { k8sManifest } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
let deployment: SpecDeployment | undefined;
afterAll(() => deployment?.remove());

describe('k8s_manifest module on a real kube-apiserver', () => {
  it('deploys the manifests of a project, plans nothing more, and destroys them', async () => {
    // The fixtures live in namespace "shop": the project is named after it.
    deployment = await createSpecDeployment({
      engine,
      project: 'shop',
      workspace: { providers: { kubernetes: { kubeconfig } } },
    });
    const fixtures = fileURLToPath(new URL('./fixtures/shop/', import.meta.url));
    for (const folder of ['manifests', 'platform']) {
      await cp(join(fixtures, folder), join(deployment.projectDir, folder), { recursive: true });
    }
    const outcome = await generateWithModule(plugin, {
      name: 'deploy',
      projectDir: deployment.projectDir,
      part: {
        kind: 'accessory',
        name: 'manifests',
        value: k8sManifest({ paths: ['manifests', 'platform'] }),
      },
    });
    const deployed = await deployment.deploy(accessorySpec(outcome));
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);
    expect(await kubectlGetJson(kubeconfig, 'configmap', 'legacy-settings', 'shop')).toMatchObject({
      data: { mode: 'compat' },
    });
    expect(await kubectlGetJson(kubeconfig, 'clusterrole', 'shop-reader')).toBeDefined();

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
    expect((await deployment.destroy()).status).toBe('succeeded');
    expect(await kubectlGetJson(kubeconfig, 'clusterrole', 'shop-reader')).toBeUndefined();
  });
});

/**
 * What the network module generates deploys on the real kube-apiserver 1.20 through the engine —
 * a ClusterIP and a LoadBalancer Service with explicit protocols, and an Ingress — plans nothing
 * more, and is destroyed.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { appConfiguration, service } from '@kusion/sdk';
import { kubectlGetJson } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { network } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
let deployment: SpecDeployment | undefined;
afterAll(() => deployment?.remove());

describe('network module on a real kube-apiserver', () => {
  it('deploys private and public Services and an Ingress, plans nothing more, and destroys them', async () => {
    const project = 'net-deploy';
    deployment = await createSpecDeployment({
      engine,
      project,
      workspace: { providers: { kubernetes: { kubeconfig } } },
    });
    const settings = network({
      ports: [
        { port: 80, targetPort: 8080, public: true },
        { port: 9090 },
        { port: 5353, protocol: 'UDP' },
      ],
      ingress: {
        rules: [
          {
            host: 'shop.example.com',
            http: { paths: [{ backend: { service: { port: { number: 9090 } } } }] },
          },
        ],
      },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'deploy',
      project,
      part: { kind: 'accessory', name: 'network', value: settings },
      app: appConfiguration({
        workload: service({
          containers: { main: { image: 'registry.example.com/shop/main:1.0.0' } },
        }),
        accessories: { network: settings },
      }),
      platform: {
        port: {
          type: 'aws',
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' },
        },
      },
    });
    const deployed = await deployment.deploy(accessorySpec(outcome));
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const name = `${project}-dev-${project}`;
    expect(await kubectlGetJson(kubeconfig, 'service', `${name}-public`, project)).toMatchObject({
      metadata: {
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' },
      },
      spec: { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
    expect(await kubectlGetJson(kubeconfig, 'service', `${name}-private`, project)).toMatchObject({
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/part-of': project, 'app.kubernetes.io/name': project },
        ports: [
          { port: 9090, protocol: 'TCP' },
          { port: 5353, protocol: 'UDP' },
        ],
      },
    });
    expect(await kubectlGetJson(kubeconfig, 'ingress', `${name}-ingress`, project)).toMatchObject({
      spec: {
        rules: [{ http: { paths: [{ backend: { service: { name: `${name}-private` } } }] } }],
      },
    });

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
    const destroyed = await deployment.destroy();
    expect(destroyed.status).toBe('succeeded');
    expect(await kubectlGetJson(kubeconfig, 'service', `${name}-public`, project)).toBeUndefined();
  });
});

/**
 * What the service module generates deploys on a real kube-apiserver through the engine and the
 * Kubernetes provider, plans no change afterwards, and is destroyed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as engine from '@kusion/core';
import { kubectlGetJson } from '@kusion/test-peers';
import { createSpecDeployment, generateWithModule, workloadSpec } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { service } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
let deployment: SpecDeployment;

beforeAll(async () => {
  deployment = await createSpecDeployment({
    engine,
    project: 'svc-deploy',
    workspace: { providers: { kubernetes: { kubeconfig } } },
  });
});
afterAll(() => deployment.remove());

describe('service module on a real kube-apiserver', () => {
  it('deploys a Deployment with files and probes, plans nothing more, and destroys it', async () => {
    const outcome = await generateWithModule(plugin, {
      name: 'deploy',
      project: 'svc-deploy',
      part: {
        kind: 'workload',
        name: 'svc-deploy',
        value: service({
          replicas: 2,
          containers: {
            web: {
              image: 'registry.example.com/shop/web:1.4.2',
              env: { TOKEN: 'secret://api-token/token' },
              resources: { cpu: '100m-500m' },
              files: { '/etc/web/config.yaml': { content: 'a: 1\n' } },
              readinessProbe: {
                probeHandler: { _type: 'Http', url: 'http://localhost:8080/ready' },
              },
            },
          },
        }),
      },
      platform: { labels: { team: 'checkout' } },
    });
    const deployed = await deployment.deploy(workloadSpec(outcome));
    expect(deployed.resources.map((r) => [r.id, r.status])).toEqual(
      expect.arrayContaining([
        ['v1:Namespace:svc-deploy', 'succeeded'],
        ['v1:ConfigMap:svc-deploy:svc-deploy-dev-svc-deploy-web-0', 'succeeded'],
        ['apps/v1:Deployment:svc-deploy:svc-deploy-dev-svc-deploy', 'succeeded'],
      ]),
    );
    expect(deployed.status).toBe('succeeded');

    const live = await kubectlGetJson(
      kubeconfig,
      'deployment',
      'svc-deploy-dev-svc-deploy',
      'svc-deploy',
    );
    expect(live).toMatchObject({
      metadata: { labels: { team: 'checkout', 'app.kubernetes.io/name': 'svc-deploy' } },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  {
                    name: 'TOKEN',
                    valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } },
                  },
                ],
                volumeMounts: [{ mountPath: '/etc/web/config.yaml', subPath: 'config.yaml' }],
              },
            ],
          },
        },
      },
    });

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);

    const destroyed = await deployment.destroy();
    expect(destroyed.status).toBe('succeeded');
    expect(
      await kubectlGetJson(kubeconfig, 'deployment', 'svc-deploy-dev-svc-deploy', 'svc-deploy'),
    ).toBeUndefined();
  });
});

/**
 * What the monitoring module generates deploys on the real kube-apiserver through the engine: a
 * ServiceMonitor (with the Prometheus operator's CRD installed by the same Spec, as a cluster with
 * the operator has it), and scrape annotations on the workload's pods without it.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import type { Resource } from '@kusion/sdk';
import { kubectlGetJson } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { monitoring } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
const deployments: SpecDeployment[] = [];
afterAll(() => Promise.all(deployments.map((deployment) => deployment.remove())));

/** The operator's CRD, reduced to what the API server needs to store ServiceMonitors. */
const serviceMonitorCrd: Resource = {
  id: 'apiextensions.k8s.io/v1:CustomResourceDefinition:servicemonitors.monitoring.coreos.com',
  type: 'Kubernetes',
  attributes: {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'servicemonitors.monitoring.coreos.com' },
    spec: {
      group: 'monitoring.coreos.com',
      scope: 'Namespaced',
      names: {
        kind: 'ServiceMonitor',
        listKind: 'ServiceMonitorList',
        plural: 'servicemonitors',
        singular: 'servicemonitor',
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      ],
    },
  },
};

async function deploy(
  project: string,
  resources: (outcomeResources: Resource[]) => Resource[],
  platform: Readonly<Record<string, unknown>>,
) {
  const deployment = await createSpecDeployment({
    engine,
    project,
    workspace: { providers: { kubernetes: { kubeconfig } } },
  });
  deployments.push(deployment);
  const outcome = await generateWithModule(plugin, {
    name: project,
    project,
    part: { kind: 'accessory', name: 'monitoring', value: monitoring({ port: 9090 }) },
    platform,
  });
  const deployed = await deployment.deploy(resources(accessorySpec(outcome)));
  expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);
  const plan = await deployment.preview();
  expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
  return deployment;
}

describe('monitoring module on a real kube-apiserver', () => {
  it('deploys a ServiceMonitor where the operator is installed', async () => {
    const project = 'mon-operator';
    const deployment = await deploy(project, (spec) => [serviceMonitorCrd, ...spec], {
      operatorMode: true,
    });
    expect(
      await kubectlGetJson(
        kubeconfig,
        'servicemonitors.monitoring.coreos.com',
        `${project}-dev-${project}-service-monitor`,
        project,
      ),
    ).toMatchObject({
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': project } },
        endpoints: [{ targetPort: 9090, path: '/metrics', interval: '30s' }],
      },
    });
    expect((await deployment.destroy()).status).toBe('succeeded');
  });

  it('annotates the pods for Prometheus without the operator', async () => {
    const project = 'mon-annotations';
    const deployment = await deploy(project, (spec) => spec, {});
    expect(
      await kubectlGetJson(kubeconfig, 'deployment', `${project}-dev-${project}`, project),
    ).toMatchObject({
      spec: {
        template: {
          metadata: {
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': '9090',
              'prometheus.io/path': '/metrics',
            },
          },
        },
      },
    });
    expect((await deployment.destroy()).status).toBe('succeeded');
  });
});

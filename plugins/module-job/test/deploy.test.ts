/**
 * What the job module generates deploys on the real kube-apiserver 1.20 through the engine: a Job,
 * and a CronJob in batch/v1beta1 (the workspace's context says the cluster version), then destroys.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { kubectlGetJson } from '@kusion/test-peers';
import { createSpecDeployment, generateWithModule, workloadSpec } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { job } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
const deployments: SpecDeployment[] = [];
afterAll(() => Promise.all(deployments.map((deployment) => deployment.remove())));

async function roundTrip(
  project: string,
  schedule: string | undefined,
): Promise<Record<string, unknown> | undefined> {
  const deployment = await createSpecDeployment({
    engine,
    project,
    workspace: {
      providers: { kubernetes: { kubeconfig } },
      context: { kubernetesVersion: '1.20' },
    },
  });
  deployments.push(deployment);
  const outcome = await generateWithModule(plugin, {
    name: project,
    project,
    context: { kubernetesVersion: '1.20' },
    part: {
      kind: 'workload',
      name: project,
      value: job({
        ...(schedule === undefined ? {} : { schedule }),
        containers: { task: { image: 'registry.example.com/shop/task:1', command: ['/task'] } },
      }),
    },
  });
  const deployed = await deployment.deploy(workloadSpec(outcome));
  expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);
  const kind = schedule === undefined ? 'job' : 'cronjob';
  const live = await kubectlGetJson(kubeconfig, kind, `${project}-dev-${project}`, project);
  const plan = await deployment.preview();
  expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
  const destroyed = await deployment.destroy();
  expect(destroyed.status).toBe('succeeded');
  return live;
}

describe('job module on a real kube-apiserver 1.20', () => {
  it('deploys a Job that runs once', async () => {
    expect(await roundTrip('job-once', undefined)).toMatchObject({
      apiVersion: 'batch/v1',
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task' }] } } },
    });
  });

  it('deploys a CronJob in the API the cluster serves', async () => {
    expect(await roundTrip('job-nightly', '0 3 * * *')).toMatchObject({
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      spec: { schedule: '0 3 * * *' },
    });
  });
});

/**
 * What the queue module generates deploys through the engine and the real providers: on moto
 * (provider-aws) — a queue with its dead-letter queue — and locally (an ElasticMQ broker on the
 * real kube-apiserver). Their URLs reach the workload's env, a preview plans nothing more, and
 * destroy removes them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { awsCliJson, cfnLint, kubectlGetJson, motoEnv } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { queue } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
const motoEndpoint = inject('motoEndpoint');
let deployment: SpecDeployment | undefined;
let localDeployment: SpecDeployment | undefined;

beforeAll(() => {
  Object.assign(process.env, motoEnv(motoEndpoint)); // the engine runs in this process
});
afterAll(async () => {
  await deployment?.remove();
  await localDeployment?.remove();
});

type EnvEntry = { name: string; value?: string };

async function workloadEnv(project: string): Promise<EnvEntry[]> {
  const workload = await kubectlGetJson(
    kubeconfig,
    'deployment',
    `${project}-dev-${project}`,
    project,
  );
  return (
    (workload as { spec: { template: { spec: { containers: { env?: EnvEntry[] }[] } } } }).spec
      .template.spec.containers[0]?.env ?? []
  );
}

describe('queue type: local on a real kube-apiserver', () => {
  it('deploys an ElasticMQ broker declaring the queues, wires its in-cluster URL, and destroys it', async () => {
    const project = 'queue-local';
    localDeployment = await createSpecDeployment({
      engine,
      project,
      workspace: { providers: { kubernetes: { kubeconfig } } },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'local',
      project,
      part: {
        kind: 'accessory',
        name: 'orders',
        value: queue({ visibilityTimeout: 45, deadLetter: { maxReceiveCount: 4 } }),
      },
      platform: { type: 'local' },
    });
    const deployed = await localDeployment.deploy(accessorySpec(outcome));
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const name = `${project}-dev-${project}-orders`;
    const config = await kubectlGetJson(kubeconfig, 'configmap', name, project);
    const conf = (config?.['data'] as Record<string, string>)['elasticmq.conf'] ?? '';
    expect(conf).toContain(`host = "${name}.${project}"`);
    expect(conf).toMatch(new RegExp(`"${name}" \\{\\s+defaultVisibilityTimeout = 45 seconds`));
    expect(conf).toMatch(/deadLettersQueue \{\s+name = "[^"]+-dlq"\s+maxReceiveCount = 4/);
    expect(await kubectlGetJson(kubeconfig, 'service', name, project)).toMatchObject({
      spec: { ports: [{ port: 9324, protocol: 'TCP' }], selector: { accessory: name } },
    });
    expect(await kubectlGetJson(kubeconfig, 'deployment', name, project)).toMatchObject({
      spec: { replicas: 1, strategy: { type: 'Recreate' } },
    });

    const env = await workloadEnv(project);
    expect(env).toContainEqual({
      name: 'QUEUE_URL',
      value: `http://${name}.${project}:9324/000000000000/${name}`,
    });
    expect(env).toContainEqual({ name: 'QUEUE_NAME', value: name });
    expect(env).toContainEqual({
      name: 'QUEUE_DLQ_URL',
      value: `http://${name}.${project}:9324/000000000000/${name}-dlq`,
    });

    const plan = await localDeployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
    const destroyed = await localDeployment.destroy();
    expect(destroyed.status).toBe('succeeded');
    for (const kind of ['deployment', 'service', 'configmap'])
      expect(await kubectlGetJson(kubeconfig, kind, name, project), kind).toBeUndefined();
  });
});

describe('queue module on moto', () => {
  it('deploys a queue and its dead-letter queue whose URLs reach the workload, and destroys them', async () => {
    const project = 'queue-deploy';
    const stackName = 'kusion-queue-deploy-dev';
    deployment = await createSpecDeployment({
      engine,
      project,
      workspace: {
        providers: {
          kubernetes: { kubeconfig },
          aws: { region: 'us-east-1', endpoint: motoEndpoint, stackName },
        },
      },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'deploy',
      project,
      part: {
        kind: 'accessory',
        name: 'orders',
        value: queue({ deadLetter: { maxReceiveCount: 3 } }),
      },
      platform: { type: 'aws' },
    });
    const deployed = await deployment.deploy(accessorySpec(outcome));
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const { QueueUrls } = (await awsCliJson(motoEndpoint, 'sqs', 'list-queues')) as {
      QueueUrls: string[];
    };
    expect(QueueUrls).toHaveLength(2);
    const main = QueueUrls.find((url) => !/dlq/i.test(url.slice(url.lastIndexOf('/'))));
    const dlq = QueueUrls.find((url) => url !== main);
    const { Attributes } = (await awsCliJson(
      motoEndpoint,
      'sqs',
      'get-queue-attributes',
      '--queue-url',
      main ?? '',
      '--attribute-names',
      'All',
    )) as { Attributes: Record<string, string> };
    expect(JSON.parse(Attributes['RedrivePolicy'] ?? '{}')).toMatchObject({ maxReceiveCount: 3 });

    const workload = await kubectlGetJson(
      kubeconfig,
      'deployment',
      `${project}-dev-${project}`,
      project,
    );
    const env = (workload as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } })
      .spec.template.spec.containers[0]?.env;
    // moto lists queues under its own host; the URL AWS gives (and the workload gets) has AWS's.
    const path = (url: string | undefined) => url?.slice(url.indexOf('/', 'https://'.length));
    const value = (name: string) =>
      (env as { name: string; value?: string }[]).find((entry) => entry.name === name)?.value;
    expect(path(value('QUEUE_URL'))).toBe(path(main));
    expect(path(value('QUEUE_DLQ_URL'))).toBe(path(dlq));
    expect(env).toContainEqual({ name: 'QUEUE_ARN', value: Attributes['QueueArn'] });

    const { TemplateBody } = (await awsCliJson(
      motoEndpoint,
      'cloudformation',
      'get-template',
      '--stack-name',
      stackName,
    )) as {
      TemplateBody: unknown;
    };
    expect((await cfnLint(TemplateBody)).filter((match) => match.level === 'Error')).toEqual([]);

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
    const destroyed = await deployment.destroy();
    expect(destroyed.status).toBe('succeeded');
    const after = (await awsCliJson(motoEndpoint, 'sqs', 'list-queues')) as
      { QueueUrls?: string[] } | undefined;
    expect(after?.QueueUrls ?? []).toEqual([]);
  });
});

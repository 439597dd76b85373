/**
 * What the queue module generates deploys on moto through the engine and provider-aws — a queue
 * with its dead-letter queue — their URLs reach the workload's env on the real kube-apiserver, a
 * preview plans nothing more, and destroy removes them.
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

beforeAll(() => {
  Object.assign(process.env, motoEnv(motoEndpoint)); // the engine runs in this process
});
afterAll(() => deployment?.remove());

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

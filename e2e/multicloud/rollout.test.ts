/**
 * One rollout across two clouds: the same app in a Kubernetes workspace (a real kube-apiserver)
 * and an AWS workspace (moto), in one command. A module named by the app (installed in the project,
 * as a third party publishes one) turns its `orders` queue into a ConfigMap on Kubernetes and an SQS
 * queue on AWS, from the workspace's context — one app, different resources per workspace.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startKubeApiserver, startMoto } from '@kusion/test-peers';
import type { KubeApiserverPeer, MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubectl } from '../kubernetes/support/kubectl.ts';
import { expectExit } from '../test/support/expectations.ts';
import { createProject } from '../test/support/project.ts';
import { toYaml } from '../test/support/yaml.ts';

let kube: KubeApiserverPeer | undefined;
let moto: MotoPeer | undefined;

beforeAll(async () => {
  [kube, moto] = await Promise.all([startKubeApiserver(), startMoto()]);
}, 300_000);
afterAll(async () => {
  await Promise.all([kube?.stop(), moto?.stop()]);
});

const QUEUE = `shop-orders-${Date.now().toString(36)}`;

/** `kusion-module-queue`: a module package as a third party publishes one (branded, no sdk import). */
const QUEUE_MODULE = `export default {
  [Symbol.for('kusion.plugin')]: true,
  name: 'kusion-module-queue',
  contractVersion: '2.1',
  apply(host) {
    host.registerModule({
      name: 'queue',
      generate({ appName, part, context }) {
        const name = appName + '-' + part.name;
        if (context.cloud === 'aws')
          return { resources: [{ id: 'aws:AWS::SQS::Queue:' + name, type: 'AWS',
            attributes: { Type: 'AWS::SQS::Queue', Properties: { QueueName: part.value.queueName } } }] };
        return { resources: [{ id: 'v1:ConfigMap:default:' + name, type: 'Kubernetes',
          attributes: { apiVersion: 'v1', kind: 'ConfigMap',
            metadata: { name, namespace: 'default', labels: { app: appName } },
            data: { queue: part.value.queueName } } }] };
      },
    });
  },
};
`;

describe('a rollout across Kubernetes and AWS', () => {
  it('deploys the app to a Kubernetes workspace and an AWS workspace in one command; rollout show --json lists both releases', async () => {
    if (!kube || !moto) throw new Error('the peers did not start');
    const project = await createProject({ name: 'shop' });
    const moduleDir = join(project.root, 'node_modules', 'kusion-module-queue');
    await mkdir(moduleDir, { recursive: true });
    await writeFile(
      join(moduleDir, 'package.json'),
      JSON.stringify({
        name: 'kusion-module-queue',
        version: '1.0.0',
        type: 'module',
        exports: './index.js',
      }),
    );
    await writeFile(join(moduleDir, 'index.js'), QUEUE_MODULE);
    await project.writeMainYaml(
      toYaml({
        apps: { shop: { accessories: { orders: { module: 'queue', queueName: QUEUE } } } },
      }),
    );
    const env = moto.env;
    // Named by the workspace: by default `queue` is the catalog's @kusion/module-queue.
    const modules = { queue: { package: 'kusion-module-queue' } };
    const workspaces = {
      k8s: {
        providers: { kubernetes: { kubeconfig: kube.kubeconfigPath } },
        modules,
        context: { cloud: 'kubernetes' },
      },
      aws: {
        providers: { aws: { region: 'us-east-1', endpoint: moto.endpoint } },
        modules,
        context: { cloud: 'aws' },
      },
    };
    for (const [name, workspace] of Object.entries(workspaces)) {
      const file = join(project.root, 'workspaces', `${name}.yaml`);
      await writeFile(file, toYaml(workspace));
      expectExit(await project.run(['workspace', 'create', name, '-f', file], { env }), 0);
    }

    const rolled = await project.run(['rollout', '-W', 'k8s,aws', '--yes', '--json'], {
      env,
      timeoutMs: 180_000,
    });
    expectExit(rolled, 0);
    const document = rolled.json<{
      rolloutId: string;
      waves: { targets: { workspace: string; status: string; revision?: number }[] }[];
    }>();
    expect(
      document.waves.map((wave) => wave.targets.map((t) => [t.workspace, t.status, t.revision])),
    ).toEqual([[['k8s', 'succeeded', 1]], [['aws', 'succeeded', 1]]]);

    const shown = await project.run(['rollout', 'show', document.rolloutId, '--json'], { env });
    expectExit(shown, 0);
    const { releases } = shown.json<{
      releases: {
        workspace: string;
        revision: number;
        operation: string;
        phase: string;
        rolloutId: string;
      }[];
    }>();
    expect(releases).toEqual([
      {
        workspace: 'k8s',
        stack: 'dev',
        revision: 1,
        operation: 'deploy',
        phase: 'succeeded',
        rolloutId: document.rolloutId,
      },
      {
        workspace: 'aws',
        stack: 'dev',
        revision: 1,
        operation: 'deploy',
        phase: 'succeeded',
        rolloutId: document.rolloutId,
      },
    ]);

    // What each cloud now holds, asked of each cloud.
    const kubectl = createKubectl(kube.kubeconfigPath, join(kube.dir, 'kubectl-cache'));
    const configMap = await kubectl.getJson<{ data: { queue: string } }>([
      'configmap',
      'shop-orders',
      '-n',
      'default',
    ]);
    expect(configMap.data.queue).toBe(QUEUE);
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const url = await sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
    expect(url.QueueUrl).toContain(QUEUE);
  }, 300_000);
});

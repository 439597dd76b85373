/**
 * Issue 8's "one app, any cloud", through the packed CLI with the catalog modules: one stack whose
 * app `shop` is a service (two containers, a file, a secret) with a network (public port), a
 * postgres database and an `orders` queue with a dead-letter queue, and two workspaces — `local`
 * (database and queue in Kubernetes: a StatefulSet, an ElasticMQ broker) and `aws` (database and
 * queue on AWS: RDS and SQS through CloudFormation on moto behind the interposer). Each deploys on
 * a real kube-apiserver, previews clean, gives the Deployment its database host and its queue URL
 * from the right place (the in-cluster Service, or the SQS queue as the SQS API reports it), never
 * shows or stores the generated password, and is destroyed, queues included.
 *
 * NEEDS THE CATALOG (`plugins/module-service`, `-network`, `-postgres`, `-queue`): without those
 * packages in the build, the suite is skipped and says so.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startCloudFormationInterposer } from '@kusion/emulators';
import type { CloudFormationInterposer } from '@kusion/emulators';
import { startKubeApiserver, startMoto } from '@kusion/test-peers';
import type { KubeApiserverPeer, MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeApi, startFakeKubelet } from '../kubernetes/support/kube-api.ts';
import type { FakeKubelet } from '../kubernetes/support/kube-api.ts';
import { createKubectl } from '../kubernetes/support/kubectl.ts';
import type { Kubectl } from '../kubernetes/support/kubectl.ts';
import { expectExit } from '../test/support/expectations.ts';
import { installed, runKusion } from '../test/support/kusion.ts';
import type { RunResult } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject } from '../test/support/project.ts';
import { toYaml } from '../test/support/yaml.ts';

const CATALOG = ['service', 'network', 'postgres', 'queue'];
/** The catalog's packages are packed and installed by the global setup once they are in the repo. */
const hasCatalog = CATALOG.every((module) =>
  installed().tarballs.some((tarball) => basename(tarball).startsWith(`kusion-module-${module}-`)),
);

const NAMESPACE = 'shop';
/** Kusion's names: the workload `<project>-<stack>-<app>`, an accessory's objects `…-<accessory>`. */
const APP_DEPLOYMENT = 'shop-dev-shop';
const APP_DEPLOYMENT_ID = `apps/v1:Deployment:${NAMESPACE}:${APP_DEPLOYMENT}`;
const QUEUE = `${APP_DEPLOYMENT}-orders`;
/** The seed the local database password is derived from (through the env secret store). */
const SEED = 'e2e-shop-password-seed-7d1f0c2b9a';
const API_TOKEN = 'e2e-shop-api-token-51c3';

const MAIN = `apps:
  shop:
    workload:
      type: service
      containers:
        web:
          image: registry.example.com/shop/web:1.0.0
          env:
            LOG_LEVEL: info
            API_TOKEN: secret://shop-api/token
          files:
            /etc/shop/app.conf:
              content: "currency: EUR\\n"
        proxy:
          image: registry.example.com/shop/proxy:1.0.0
      secrets:
        shop-api:
          type: opaque
          data: { token: ${API_TOKEN} }
    accessories:
      network:
        module: network
        ports:
          - port: 80
            targetPort: 8080
            public: true
      db:
        module: postgres
      orders:
        module: queue
        deadLetter: { maxReceiveCount: 3 }
`;

const PERSISTENT_VOLUME = JSON.stringify({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'e2e-shop-db' },
  spec: {
    capacity: { storage: '50Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Delete',
    hostPath: { path: '/tmp/e2e-shop-db' },
  },
});

let kube: KubeApiserverPeer | undefined;
let moto: MotoPeer | undefined;
let interposer: CloudFormationInterposer | undefined;
let kubectl: Kubectl;
let kubelet: FakeKubelet | undefined;
let project: ScratchProject;
/** Every command run, to look for the password in all of their output. */
const runs: RunResult[] = [];

/** A stack command in one workspace (`-W`), or a `workspace ...` command as it is. */
async function kusion(args: readonly string[], workspace: string): Promise<RunResult> {
  const scoped = args[0] === 'workspace' ? args : [...args, '-W', workspace];
  const result = await project.run(scoped, {
    env: { ...moto?.env, KUSION_SHOP_SEED: SEED },
    timeoutMs: 240_000,
  });
  runs.push(result);
  return result;
}

describe.skipIf(!hasCatalog)('one app, any cloud (needs the catalog modules)', () => {
  beforeAll(async () => {
    kube = await startKubeApiserver({ withControllerManager: true });
    moto = await startMoto();
    interposer = await startCloudFormationInterposer({ upstream: moto.endpoint });
    kubectl = createKubectl(kube.kubeconfigPath, join(kube.dir, 'kubectl-cache'));
    kubelet = await startFakeKubelet(createKubeApi(kube), NAMESPACE);
    project = await createProject({ name: 'shop' });
    await project.writeMainYaml(MAIN);
    const kubernetes = { kubeconfig: kube.kubeconfigPath };
    await writeWorkspace('local', {
      providers: { kubernetes },
      modules: {
        postgres: { configs: { default: { type: 'local' } } },
        queue: { configs: { default: { type: 'local' } } },
      },
      secretStore: { provider: 'env' },
      context: { databasePasswordSeed: 'ref://KUSION_SHOP_SEED' },
    });
    await writeWorkspace('aws', {
      providers: {
        kubernetes,
        aws: { region: 'us-east-1', endpoint: interposer.endpoint },
      },
      modules: {
        postgres: { configs: { default: { type: 'aws', instanceType: 'db.t3.micro' } } },
        queue: { configs: { default: { type: 'aws' } } },
      },
      secretStore: { provider: 'aws', region: 'us-east-1' },
    });
  }, 600_000);
  afterAll(async () => {
    await kubelet?.stop();
    await interposer?.close();
    await moto?.stop();
    await kube?.stop();
  });

  async function writeWorkspace(name: string, settings: Record<string, unknown>): Promise<void> {
    const file = join(project.root, 'workspaces', `${name}.yaml`);
    await writeFile(file, toYaml(settings));
    expectExit(await kusion(['workspace', 'create', name, '-f', file], name), 0);
  }

  interface SpecDocument {
    resources: { id: string; type: string; attributes: Record<string, unknown> }[];
  }

  it('generates two different Specs from the one app', async () => {
    const specs: Record<string, SpecDocument> = {};
    for (const workspace of ['local', 'aws']) {
      const result = await kusion(['generate', '--json'], workspace);
      expectExit(result, 0);
      specs[workspace] = result.json<SpecDocument>();
    }
    const kinds = (spec: SpecDocument | undefined) =>
      (spec?.resources ?? []).map(
        (r) => `${r.type}:${String(r.attributes.kind ?? r.attributes.Type)}`,
      );
    expect(kinds(specs.local)).toContain('Kubernetes:StatefulSet');
    expect(kinds(specs.local)).toContain('Kubernetes:ConfigMap');
    expect(kinds(specs.local).some((k) => k.startsWith('AWS:'))).toBe(false);
    expect(images(specs.local)).toContainEqual(expect.stringMatching(/^softwaremill\/elasticmq/));
    expect(kinds(specs.aws)).toContain('AWS:AWS::RDS::DBInstance');
    expect(kinds(specs.aws).filter((k) => k === 'AWS:AWS::SQS::Queue')).toHaveLength(2);
    expect(kinds(specs.aws)).not.toContain('Kubernetes:StatefulSet');
    expect(images(specs.aws)).not.toContainEqual(expect.stringMatching(/elasticmq/));
    for (const spec of Object.values(specs)) {
      const deployment = spec.resources.find((r) => r.id === APP_DEPLOYMENT_ID);
      const containers = (
        deployment?.attributes as { spec: { template: { spec: { containers: unknown[] } } } }
      ).spec.template.spec.containers;
      expect(containers).toHaveLength(2);
    }
  });

  /** The images of every Deployment of a Spec. */
  function images(spec: SpecDocument | undefined): string[] {
    return (spec?.resources ?? [])
      .filter((r) => r.attributes.kind === 'Deployment')
      .flatMap((r) =>
        (
          r.attributes as { spec: { template: { spec: { containers: { image: string }[] } } } }
        ).spec.template.spec.containers.map((c) => c.image),
      );
  }

  for (const workspace of ['local', 'aws'] as const) {
    it(`${workspace}: deploys, previews clean, wires the database host and the queue URL, keeps the password secret, destroys everything`, async () => {
      // The test cluster has no storage provisioner: a volume an administrator made for the database.
      if (workspace === 'local') await kubectl.ok(['apply', '-f', '-'], PERSISTENT_VOLUME);
      // No kubelet in the test cluster: pods never become ready, so readiness is not awaited.
      const deployed = await kusion(
        ['deploy', '--yes', '--no-watch', '--timeout', '180s'],
        workspace,
      );
      expectExit(deployed, 0);
      expectExit(await kusion(['preview', '--exit-code'], workspace), 0);

      const deployment = await kubectl.getJson<DeploymentObject>([
        '-n',
        NAMESPACE,
        'deployment',
        APP_DEPLOYMENT,
      ]);
      const env = deployment.spec.template.spec.containers[0]?.env ?? [];
      const dbHost = env.find((e) => e.name === 'DB_HOST');
      const ref = dbHost?.valueFrom?.secretKeyRef;
      expect(ref, JSON.stringify(deployment)).toBeDefined();
      const secret = await kubectl.getJson<{ data: Record<string, string> }>([
        '-n',
        NAMESPACE,
        'secret',
        ref?.name ?? '',
      ]);
      const decoded = (key: string) => Buffer.from(secret.data[key] ?? '', 'base64').toString();
      const host = decoded(ref?.key ?? 'host');
      let password: string;
      if (workspace === 'local') {
        expect(host).toMatch(new RegExp(`\\.${NAMESPACE}\\.svc(\\.cluster\\.local)?$`));
        password = decoded('password');
      } else {
        expect(host).toBe(await rdsEndpoint());
        password = await secretsManagerPassword();
        expect(decoded('password')).toBe(password);
      }
      expect(password.length).toBeGreaterThanOrEqual(12);
      await expectNowhere([password, Buffer.from(password).toString('base64'), SEED, API_TOKEN]);

      // The queue: the same variables in both workspaces, from the broker's Service or from SQS.
      const value = (name: string) => env.find((e) => e.name === name)?.value;
      if (workspace === 'local') {
        // The broker's Service answers on 9324 in the app's namespace; the URL names it.
        const service = await kubectl.getJson<ServiceObject>(['-n', NAMESPACE, 'service', QUEUE]);
        expect(service.spec.ports.map((port) => port.port)).toEqual([9324]);
        expect(service.spec.selector).toEqual({ accessory: QUEUE });
        expect(value('QUEUE_URL')).toBe(`http://${QUEUE}.${NAMESPACE}:9324/000000000000/${QUEUE}`);
        expect(value('QUEUE_NAME')).toBe(QUEUE);
        expect(value('QUEUE_DLQ_URL')).toBe(
          `http://${QUEUE}.${NAMESPACE}:9324/000000000000/${QUEUE}-dlq`,
        );
        const config = await kubectl.getJson<{ data: Record<string, string> }>([
          '-n',
          NAMESPACE,
          'configmap',
          QUEUE,
        ]);
        expect(config.data['elasticmq.conf']).toMatch(
          /deadLettersQueue \{\s+name = "[^"]+-dlq"\s+maxReceiveCount = 3/,
        );
        expect(await sqsQueueUrls()).toEqual([]);
      } else {
        const queueName = value('QUEUE_NAME') ?? '';
        const sqs = sqsClient();
        // moto answers with its own host; the URL AWS gives (and the workload gets) has AWS's.
        const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName })))
          .QueueUrl;
        expect(urlPath(value('QUEUE_URL'))).toBe(urlPath(queueUrl));
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
        );
        expect(value('QUEUE_ARN')).toBe(Attributes?.QueueArn);
        expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ maxReceiveCount: 3 });
        expect((await sqsQueueUrls()).map(urlPath).sort()).toEqual(
          [value('QUEUE_URL'), value('QUEUE_DLQ_URL')].map(urlPath).sort(),
        );
        expect(await kubectl.exists(['-n', NAMESPACE, 'deployment', QUEUE])).toBe(false);
      }

      const destroyed = await kusion(['destroy', '--yes', '--timeout', '180s'], workspace);
      expectExit(destroyed, 0);
      expect(await kubectl.exists(['-n', NAMESPACE, 'deployment', APP_DEPLOYMENT])).toBe(false);
      for (const kind of ['deployment', 'service', 'configmap'])
        expect(await kubectl.exists(['-n', NAMESPACE, kind, QUEUE]), kind).toBe(false);
      expect(await sqsQueueUrls()).toEqual([]);
    }, 600_000);
  }
});

interface DeploymentObject {
  metadata: { name: string };
  spec: {
    template: {
      spec: {
        containers: {
          env?: {
            name: string;
            value?: string;
            valueFrom?: { secretKeyRef?: { name: string; key: string } };
          }[];
        }[];
      };
    };
  };
}

interface ServiceObject {
  spec: { ports: { port: number }[]; selector: Record<string, string> };
}

function sqsClient(): SQSClient {
  return new SQSClient({
    endpoint: moto?.endpoint ?? '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Every queue on moto (none for the local workspace, none after destroy). */
async function sqsQueueUrls(): Promise<string[]> {
  return (await sqsClient().send(new ListQueuesCommand({}))).QueueUrls ?? [];
}

/** `/<account>/<name>` of a queue URL: moto and AWS name different hosts for one queue. */
function urlPath(url: string | undefined): string {
  return url === undefined ? '' : new URL(url).pathname;
}

/** The text appears in no command's output and in no file under KUSION_HOME. */
async function expectNowhere(texts: readonly string[]): Promise<void> {
  for (const run of runs)
    for (const text of texts)
      expect.soft(`${run.stdout}\n${run.stderr}`, run.transcript).not.toContain(text);
  const entries = await readdir(project.kusionHome, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const content = await readFile(join(entry.parentPath, entry.name), 'utf8');
    for (const text of texts)
      expect.soft(content, join(entry.parentPath, entry.name)).not.toContain(text);
  }
}

async function rdsEndpoint(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'aws',
    ['rds', 'describe-db-instances', '--endpoint-url', moto?.endpoint ?? '', '--output', 'json'],
    { env: { ...process.env, ...moto?.env } },
  );
  const answer = JSON.parse(stdout) as { DBInstances: { Endpoint?: { Address?: string } }[] };
  return answer.DBInstances[0]?.Endpoint?.Address ?? '';
}

async function secretsManagerPassword(): Promise<string> {
  const client = new SecretsManagerClient({
    endpoint: moto?.endpoint ?? '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const list = await client.send(new ListSecretsCommand({}));
  const name = list.SecretList?.[0]?.Name ?? '';
  const value = await client.send(new GetSecretValueCommand({ SecretId: name }));
  const text = value.SecretString ?? '';
  return (JSON.parse(text) as { password?: string }).password ?? text;
}

describe.skipIf(!hasCatalog)(
  "a main.ts app with the catalog's typed builders (needs the catalog modules)",
  () => {
    it('typechecks with tsc and generates, the modules resolved from the project', async () => {
      // The project's node_modules is the installation (a user who `npm install`ed kusion and its modules).
      const app = await createProject({ name: 'shop', hasNodeModules: true });
      await rm(app.mainYaml);
      await writeFile(
        join(app.stackDir, 'main.ts'),
        `import { defineStack } from '@kusion/sdk';
import { service } from '@kusion/module-service';
import { postgres } from '@kusion/module-postgres';

export default defineStack({
  apps: {
    shop: {
      workload: service({ containers: { web: { image: 'registry.example.com/shop/web:1.0.0' } } }),
      accessories: { db: postgres({ version: '16' }) },
    },
  },
});
`,
      );
      await writeFile(
        join(app.root, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          include: ['*/main.ts'],
        }),
      );
      // The repository's TypeScript, as a user's project would have its own.
      const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
      await promisify(execFile)(tsc, ['-p', join(app.root, 'tsconfig.json')]);
      const file = await app.writeWorkspaceFile(
        'dev',
        {},
        {
          providers: { kubernetes: { kubeconfig: '~/.kube/config' } },
          modules: { postgres: { configs: { default: { type: 'local' } } } },
          secretStore: { provider: 'env' },
          context: { databasePasswordSeed: 'ref://KUSION_SHOP_SEED' },
        },
      );
      expectExit(await app.run(['workspace', 'create', 'dev', '-f', file]), 0);
      const generated = await app.run(['generate', '--json'], { env: { KUSION_SHOP_SEED: SEED } });
      expectExit(generated, 0);
      expect(generated.stdout).toContain('"kind": "StatefulSet"');
      expect(generated.stdout).toContain('"kind": "Deployment"');
    }, 120_000);
  },
);

describe.skipIf(!hasCatalog)('init templates with the catalog (needs the catalog modules)', () => {
  for (const template of ['quickstart', 'service-postgres']) {
    it(`${template}: the printed steps generate the app`, async () => {
      const dir = await mkdtemp(join(installed().projectsDir, `template-${template}-`));
      const options = {
        kusionHome: join(dir, 'kusion-home'),
        env: { KUSION_DB_PASSWORD_SEED: SEED },
      };
      expectExit(
        await runKusion(['init', 'shop', '--template', template], { ...options, cwd: dir }),
        0,
      );
      const root = { ...options, cwd: join(dir, 'shop') };
      expectExit(
        await runKusion(['workspace', 'create', 'dev', '-f', 'workspaces/dev.yaml'], root),
        0,
      );
      const schema = await runKusion(['mod', 'schema', '-o', 'stack.schema.json', '--json'], root);
      expectExit(schema, 0);
      expect(schema.json<{ modules: string[] }>().modules).toContain('service');
      const generated = await runKusion(['generate', '--json'], {
        ...options,
        cwd: join(dir, 'shop', 'dev'),
      });
      expectExit(generated, 0);
      expect(generated.stdout).toContain('"kind": "Deployment"');
    }, 120_000);
  }
});

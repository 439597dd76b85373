/**
 * The packed CLI with `@kusion/provider-terraform` against moto (through the real terraform binary
 * and the `hashicorp/aws` provider of the machine's filesystem mirror) and `@kusion/provider-
 * kubernetes` against a real kube-apiserver, in one Spec: a security group and a queue written as
 * Kusion writes `type: Terraform` resources, and a ConfigMap that reads the queue's URL through
 * `$kusion_path`. Terraform runs through a wrapper that logs each command, so the test sees that a
 * deploy is one `terraform apply`, and that every working folder is gone afterwards.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  awsCliJson,
  findTerraformTooling,
  kubectlGetJson,
  startKubeApiserver,
  startMoto,
} from '@kusion/test-peers';
import type { KubeApiserverPeer, MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExit } from '../test/support/expectations.ts';
import type { ApplyDocument, PlanDocument } from '../test/support/expectations.ts';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject, TestResource } from '../test/support/project.ts';

let moto: MotoPeer;
let kube: KubeApiserverPeer;
let project: ScratchProject;
let terraformLog: string;

const GROUP = 'hashicorp:aws:aws_security_group:orders-db';
const QUEUE = 'hashicorp:aws:aws_sqs_queue:orders';
const CONFIG_MAP = 'v1:ConfigMap:default:orders-queue';

/** As Kusion's own modules write them: provider 5.0.1, which the mirror does not have. */
const terraform = (id: string, resourceType: string, attributes: Record<string, unknown>) => ({
  id,
  type: 'Terraform',
  attributes,
  extensions: {
    provider: 'registry.terraform.io/hashicorp/aws/5.0.1',
    providerMeta: { region: 'us-east-1' },
    resourceType,
  },
});

const spec = (delaySeconds: number): TestResource[] => [
  terraform(GROUP, 'aws_security_group', {
    name: 'orders-db',
    description: 'orders database',
    ingress: [
      {
        cidr_blocks: ['10.0.0.0/16'],
        description: 'mysql',
        from_port: 3306,
        to_port: 3306,
        protocol: 'tcp',
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
      },
    ],
  }),
  terraform(QUEUE, 'aws_sqs_queue', {
    name: 'orders',
    delay_seconds: delaySeconds,
    tags: { 'db-group': `$kusion_path.${GROUP}.id` },
  }),
  {
    id: CONFIG_MAP,
    type: 'Kubernetes',
    attributes: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'orders-queue', namespace: 'default' },
      data: { QUEUE_URL: `$kusion_path.${QUEUE}.url` },
    },
  },
];

// Terraform runs take tens of seconds each (init hashes the provider, the AWS provider waits on
// queues): far more than the 30 s a CLI run gets by default.
const run = (args: readonly string[]) => project.run(args, { env: moto.env, timeoutMs: 300_000 });

/** The terraform commands the wrapper logged since the last call: `<cwd> <args>`. */
async function terraformRuns(): Promise<{ dir: string; command: string }[]> {
  const text = existsSync(terraformLog) ? await readFile(terraformLog, 'utf8') : '';
  await writeFile(terraformLog, '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [dir = '', ...args] = line.split(' ');
      return { dir, command: args.filter((arg) => !arg.startsWith('-')).join(' ') };
    });
}

async function queueUrls(): Promise<string[]> {
  const listed = (await awsCliJson(moto.endpoint, 'sqs', 'list-queues')) as
    { QueueUrls?: string[] } | undefined;
  return listed?.QueueUrls ?? [];
}

beforeAll(async () => {
  const tooling = await findTerraformTooling();
  moto = await startMoto();
  // The controller-manager's garbage collector finishes the provider's foreground deletions.
  kube = await startKubeApiserver({ withControllerManager: true });
  project = await createProject({ name: 'orders' });
  terraformLog = join(project.root, 'terraform.log');
  const wrapper = join(project.root, 'terraform-logged');
  await writeFile(
    wrapper,
    `#!/bin/sh\necho "$PWD $*" >> ${JSON.stringify(terraformLog)}\nexec terraform "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  const workspace = await project.writeWorkspaceFile(
    'dev',
    {},
    {
      providers: {
        terraform: { pluginDirs: [tooling.mirrorDir], terraformPath: wrapper },
        kubernetes: { kubeconfig: kube.kubeconfigPath },
      },
    },
  );
  expectExit(await run(['workspace', 'create', 'dev', '-f', workspace]), 0);
  await project.writeResources(spec(0));
}, 300_000);

afterAll(async () => {
  await kube.stop();
  await moto.stop();
});

describe(
  'Terraform resources with a Kubernetes resource reading them',
  { timeout: 600_000 },
  () => {
    it('previews every resource with one terraform plan, telling which provider version it uses', async () => {
      const result = await run(['preview', '--json']);
      expectExit(result, 0);
      const plan = result.json<{
        changes: { id: string; action: string }[];
        warnings: { message: string }[];
      }>();
      expect(Object.fromEntries(plan.changes.map((c) => [c.id, c.action]))).toEqual({
        [GROUP]: 'Create',
        [QUEUE]: 'Create',
        [CONFIG_MAP]: 'Create',
      });
      expect(plan.warnings.map((w) => w.message)).toContainEqual(
        expect.stringMatching(/hashicorp\/aws 5\.0\.1 is in no plugin mirror: using 5\./),
      );
      expect((await terraformRuns()).map((r) => r.command)).toEqual([
        'init',
        'plan',
        'show plan.out',
      ]);
    });

    it('deploys with one terraform apply; the ConfigMap gets the queue URL', async () => {
      const deployed = await run(['deploy', '--yes', '--json']);
      expectExit(deployed, 0);
      const applied = deployed.json<ApplyDocument>();
      expect(applied.resources.map((r) => [r.id, r.status]).sort()).toEqual(
        [
          [CONFIG_MAP, 'succeeded'],
          [GROUP, 'succeeded'],
          [QUEUE, 'succeeded'],
        ].sort(),
      );
      const runs = await terraformRuns();
      expect(runs.filter((r) => r.command === 'apply')).toHaveLength(1);
      // Every working folder (generated module, Terraform's state) is removed after its run.
      expect(runs.filter((r) => existsSync(r.dir))).toEqual([]);

      const [url] = await queueUrls();
      expect(url).toMatch(/\/orders$/);
      const configMap = await kubectlGetJson(
        kube.kubeconfigPath,
        'configmap',
        'orders-queue',
        'default',
      );
      expect(configMap?.['data']).toEqual({ QUEUE_URL: url });

      const groups = (await awsCliJson(
        moto.endpoint,
        'ec2',
        'describe-security-groups',
        '--group-names',
        'orders-db',
      )) as { SecurityGroups: { GroupId: string }[] };
      const queueTags = (await awsCliJson(
        moto.endpoint,
        'sqs',
        'list-queue-tags',
        '--queue-url',
        url ?? '',
      )) as {
        Tags?: Record<string, string>;
      };
      expect(queueTags.Tags).toEqual({ 'db-group': groups.SecurityGroups[0]?.GroupId });
    });

    it('keeps Terraform state only sealed in the release', async () => {
      const release = await run(['release', 'show', '--json']);
      expectExit(release, 0);
      // Sealed with the workspace's data key, named by its id.
      expect(release.stdout).toMatch(
        /"kusion:terraformState": "\(sealed aes-256-gcm key=[0-9a-f]{16}:[A-Za-z0-9+/=]+\)"/,
      );
      // A Terraform state file in clear names its lineage and the provider's private data.
      expect(release.stdout).not.toContain('"lineage"');
      expect(release.stdout).not.toContain('"private"');
    });

    it('previews no change after the deploy', async () => {
      const previewed = await run(['preview', '--json']);
      expectExit(previewed, 0);
      const plan = previewed.json<PlanDocument>();
      expect(plan.summary).toMatchObject({
        create: 0,
        update: 0,
        replace: 0,
        delete: 0,
        unchanged: 3,
      });
    });

    it('detects drift made outside Kusion', async () => {
      const [url] = await queueUrls();
      await awsCliJson(
        moto.endpoint,
        'sqs',
        'set-queue-attributes',
        '--queue-url',
        url ?? '',
        '--attributes',
        'DelaySeconds=9',
      );
      await terraformRuns();
      const drift = await run(['drift', '--json']);
      expectExit(drift, 2);
      const report = drift.json<{ drifted: { id: string; diff: unknown[] }[] }>();
      expect(report.drifted).toEqual([
        { id: QUEUE, diff: [{ path: 'delay_seconds', kind: 'change', before: 0, after: 9 }] },
      ]);
      expect((await terraformRuns()).map((r) => r.command)).toEqual([
        'init',
        'plan',
        'show refresh.out',
      ]);
    });

    it('destroys everything, the Terraform resources with one run', async () => {
      const result = await run(['destroy', '--yes', '--json']);
      expectExit(result, 0);
      expect((await terraformRuns()).filter((r) => r.command === 'apply')).toHaveLength(1);
      expect(await queueUrls()).toEqual([]);
      const groups = (await awsCliJson(moto.endpoint, 'ec2', 'describe-security-groups')) as {
        SecurityGroups: { GroupName: string }[];
      };
      expect(groups.SecurityGroups.map((g) => g.GroupName)).not.toContain('orders-db');
      expect(
        await kubectlGetJson(kube.kubeconfigPath, 'configmap', 'orders-queue', 'default'),
      ).toBeUndefined();
    });
  },
);

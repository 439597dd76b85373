/**
 * The `project` module through the packed CLI (issue 10, "Catalog"): an app whose accessory
 * `gcpProject: { module: project, labels }` becomes, with the workspace's platform config (the
 * team folder, the billing tag value, IAM groups per role), a project in that folder with its tag
 * binding and IAM members — deployed on the Resource Manager emulator (its own process, gRPC, as
 * in production) — while the workload on a real kube-apiserver gets the project id as
 * `GCP_PROJECT_ID`. It previews clean afterwards and destroy deletes the project as GCP does
 * (DELETE_REQUESTED), its binding and members first.
 */
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorProcess } from '../gcp/gcp-emulator-process.ts';
import type { EmulatorProcess } from '../gcp/gcp-emulator-process.ts';
import { createKubectl } from '../kubernetes/support/kubectl.ts';
import type { Kubectl } from '../kubernetes/support/kubectl.ts';
import { expectExit } from '../test/support/expectations.ts';
import { installed } from '../test/support/kusion.ts';
import type { RunResult } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject } from '../test/support/project.ts';
import { toYaml } from '../test/support/yaml.ts';

const CATALOG = ['service', 'project'];
const hasCatalog = CATALOG.every((module) =>
  installed().tarballs.some((tarball) => basename(tarball).startsWith(`kusion-module-${module}-`)),
);

/** The emulator's organization. */
const ORGANIZATION = 'organizations/123456789012';
const NAMESPACE = 'shop';
/** `<project>-<workspace>`: the app is named after the project. */
const PROJECT_ID = 'shop-dev';

const MAIN = `apps:
  shop:
    workload:
      type: service
      containers:
        web:
          image: registry.example.com/shop/web:1.0.0
    accessories:
      gcpProject:
        module: project
        labels: { team: shop, tier: web }
`;

let kube: KubeApiserverPeer | undefined;
let emulator: EmulatorProcess | undefined;
let kubectl: Kubectl;
let project: ScratchProject;
let folder = '';

async function kusion(args: readonly string[]): Promise<RunResult> {
  const scoped = args[0] === 'workspace' ? args : [...args, '-W', 'dev'];
  return project.run(scoped, { timeoutMs: 180_000 });
}

describe.skipIf(!hasCatalog)('the project module on GCP (needs the catalog modules)', () => {
  beforeAll(async () => {
    kube = await startKubeApiserver({ withControllerManager: true });
    emulator = await startEmulatorProcess();
    kubectl = createKubectl(kube.kubeconfigPath, join(kube.dir, 'kubectl-cache'));
    // What the platform team made once, outside the app: the team folder and the billing tag.
    const { folders, tagKeys, tagValues } = emulator.clients;
    const [folderOperation] = await folders.createFolder({
      folder: { displayName: 'Teams', parent: ORGANIZATION },
    });
    folder = (await folderOperation.promise())[0].name ?? '';
    const [keyOperation] = await tagKeys.createTagKey({
      tagKey: { shortName: 'billing', parent: ORGANIZATION },
    });
    const key = (await keyOperation.promise())[0].name ?? '';
    const [valueOperation] = await tagValues.createTagValue({
      tagValue: { shortName: 'shop', parent: key },
    });
    await valueOperation.promise();

    project = await createProject({ name: 'shop' });
    await project.writeMainYaml(MAIN);
    const file = join(project.root, 'workspaces', 'dev.yaml');
    await writeFile(
      file,
      toYaml({
        providers: {
          kubernetes: { kubeconfig: kube.kubeconfigPath },
          gcp: {
            endpoint: emulator.endpoint,
            restEndpoint: emulator.restEndpoint,
            parent: ORGANIZATION,
          },
        },
        modules: {
          project: {
            configs: {
              default: {
                parent: folder,
                billingTag: '123456789012/billing/shop',
                iam: {
                  'roles/editor': ['shop-devs@example.com'],
                  'roles/viewer': ['shop-support@example.com'],
                },
                labels: { 'cost-center': 'cc-1042' },
              },
            },
          },
        },
      }),
    );
    expectExit(await kusion(['workspace', 'create', 'dev', '-f', file]), 0);
  }, 600_000);
  afterAll(async () => {
    await emulator?.stop();
    await kube?.stop();
  });

  it('generates the folder-scoped project, its billing tag binding and IAM members', async () => {
    const result = await kusion(['generate', '--json']);
    expectExit(result, 0);
    const ids = result
      .json<{ resources: { id: string }[] }>()
      .resources.map((r) => r.id)
      .filter((id) => id.startsWith('gcp:'));
    expect(ids).toEqual([
      `gcp:Project:${PROJECT_ID}`,
      `gcp:TagBinding:${PROJECT_ID}-billing-shop`,
      `gcp:IamPolicyMember:${PROJECT_ID}-editor-shop-devs-example-com`,
      `gcp:IamPolicyMember:${PROJECT_ID}-viewer-shop-support-example-com`,
    ]);
  });

  it('deploys the team project, gives the workload its id, previews clean and destroys', async () => {
    const clients = emulator?.clients;
    if (!clients) throw new Error('the emulator is not running');
    // No kubelet runs the pods: readiness is not what this test is about. Six: the namespace,
    // the Deployment, the project, its tag binding and two IAM members.
    const deployed = await kusion(['deploy', '--yes', '--no-watch']);
    expectExit(deployed, 0);
    expect(deployed.stdout).toContain('Deploy complete: 6 created');

    const [created] = await clients.projects.getProject({ name: `projects/${PROJECT_ID}` });
    expect(created).toMatchObject({
      projectId: PROJECT_ID,
      parent: folder,
      displayName: 'shop dev',
      state: 'ACTIVE',
      labels: { team: 'shop', tier: 'web', 'cost-center': 'cc-1042' },
    });
    const [bindings] = await clients.tagBindings.listTagBindings({
      parent: `//cloudresourcemanager.googleapis.com/${created.name ?? ''}`,
    });
    expect(bindings.map((binding) => binding.tagValueNamespacedName)).toEqual([
      '123456789012/billing/shop',
    ]);
    const [policy] = await clients.projects.getIamPolicy({ resource: created.name ?? '' });
    const roles = Object.fromEntries(
      (policy.bindings ?? []).map((binding) => [binding.role ?? '', binding.members ?? []]),
    );
    expect(roles).toMatchObject({
      'roles/editor': ['group:shop-devs@example.com'],
      'roles/viewer': ['group:shop-support@example.com'],
    });

    // The project id crossed providers: from the created project into the Deployment's env.
    const deployment = (
      await kubectl.getJson<{
        items: {
          spec: {
            template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } };
          };
        }[];
      }>(['-n', NAMESPACE, 'deployments'])
    ).items[0];
    const env = deployment?.spec.template.spec.containers[0]?.env ?? [];
    expect(env).toContainEqual({ name: 'GCP_PROJECT_ID', value: PROJECT_ID });

    expectExit(await kusion(['preview', '--exit-code']), 0);

    const destroyed = await kusion(['destroy', '--yes']);
    expectExit(destroyed, 0);
    const [deleted] = await clients.projects.getProject({ name: `projects/${PROJECT_ID}` });
    expect(deleted.state).toBe('DELETE_REQUESTED');
    const [left] = await clients.tagBindings.listTagBindings({
      parent: `//cloudresourcemanager.googleapis.com/${created.name ?? ''}`,
    });
    expect(left).toEqual([]);
    expect(await kubectl.exists(['-n', NAMESPACE, 'deployment', 'shop-dev-shop'])).toBe(false);
  }, 600_000);
});

/**
 * The packed CLI with the Kubernetes provider against one real kube-apiserver 1.20 (with the
 * controller-manager), started for this file. One app walks through a user's life cycle — each
 * `it` builds on the one before — and kubectl, as another user of the cluster, checks what really
 * happened and changes things behind Kusion's back. The cluster has no kubelet: a fake one marks
 * the app's Pods ready, so Deployments become available through the real controllers.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCountingProxy, startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { expectErrorDocument, expectExit } from '../test/support/expectations.ts';
import type { ApplyDocument, PlanDocument } from '../test/support/expectations.ts';
import type { RunResult } from '../test/support/kusion.ts';
import { createKubeApi, recordDeletions, startFakeKubelet } from './support/kube-api.ts';
import type { FakeKubelet, KubeApi } from './support/kube-api.ts';
import { createKubeProject } from './support/kube-project.ts';
import type { KubeProject } from './support/kube-project.ts';
import { createKubectl } from './support/kubectl.ts';
import type { Kubectl } from './support/kubectl.ts';
import {
  IDS,
  KUBECTL_NAMES,
  kubernetes,
  NAMESPACE,
  shopApp,
  WIDGET_CRD,
} from './support/shop-app.ts';
import type { ShopOptions } from './support/shop-app.ts';

let kube: KubeApiserverPeer | undefined;
let kubectl: Kubectl;
let api: KubeApi;

beforeAll(async () => {
  kube = await startKubeApiserver({ withControllerManager: true });
  kubectl = createKubectl(kube.kubeconfigPath, join(kube.dir, 'kubectl-cache'));
  api = createKubeApi(kube);
}, 300_000);
// Stops etcd, the apiserver and the controller-manager by the pids it started.
afterAll(() => kube?.stop());

function kubeconfigPath(): string {
  if (!kube) throw new Error('the kube-apiserver did not start');
  return kube.kubeconfigPath;
}

const PASSWORD = 'Xq7-e2e-kube-secret-4b1d9';
const NEW_PASSWORD = 'N3w-e2e-kube-secret-77c2e';
const base64 = (text: string) => Buffer.from(text).toString('base64');
/** What must never be printed nor stored: the values, and the values as the API encodes them. */
const SECRET_TEXTS = [PASSWORD, NEW_PASSWORD, base64(PASSWORD), base64(NEW_PASSWORD)];

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  fieldsV1?: unknown;
}
interface LiveObject {
  kind: string;
  metadata: { name: string; uid: string; managedFields?: ManagedFieldsEntry[] };
  /** As far as a Deployment's is read here. */
  spec?: {
    replicas?: number;
    selector?: unknown;
    template?: { spec: { containers: { image: string }[] } };
  };
  data?: Record<string, string>;
  status?: Record<string, unknown>;
}

const imageOf = (object: LiveObject) => object.spec?.template?.spec.containers[0]?.image;

const changed = (plan: PlanDocument) =>
  plan.changes.filter((change) => change.action !== 'UnChanged');

/** The field-ownership set of one manager, as JSON text (to look for `f:image`...). */
function fieldsOf(object: LiveObject, manager: string): string {
  return JSON.stringify(
    (object.metadata.managedFields ?? [])
      .filter((entry) => entry.manager === manager)
      .map((entry) => entry.fieldsV1),
  );
}

async function liveDeployment(namespace = NAMESPACE, name = 'web'): Promise<LiveObject> {
  return kubectl.getJson<LiveObject>(['-n', namespace, 'deployment', name]);
}

function expectNoSecretIn(results: readonly RunResult[]): void {
  for (const result of results)
    for (const text of SECRET_TEXTS)
      expect
        .soft(`${result.stdout}\n${result.stderr}`, `a secret printed by\n${result.transcript}`)
        .not.toContain(text);
}

describe('an app of every common kind, through its life cycle', () => {
  let app: KubeProject;
  let kubelet: FakeKubelet | undefined;
  let spec: ShopOptions = { password: PASSWORD, hasLegacyConfig: true };
  const write = async (change: Partial<ShopOptions>) => {
    spec = { ...spec, ...change };
    await app.writeResources(shopApp(spec));
  };
  const preview = async (args: readonly string[] = []): Promise<PlanDocument> => {
    const result = await app.run(['preview', '--json', ...args]);
    expectExit(result, 0);
    return result.json<PlanDocument>();
  };
  const deploy = async (args: readonly string[] = []): Promise<ApplyDocument> => {
    const result = await app.run(['deploy', '--yes', '--json', ...args]);
    expectExit(result, 0);
    const document = result.json<ApplyDocument>();
    expect(document.status, result.transcript).toBe('succeeded');
    return document;
  };

  beforeAll(async () => {
    app = await createKubeProject('shop', kubeconfigPath(), shopApp(spec));
    kubelet = await startFakeKubelet(api, NAMESPACE);
  });
  afterAll(() => kubelet?.stop());

  it('previews every object as a create, touching nothing', async () => {
    const table = await app.run(['preview']);
    expectExit(table, 0);
    // One line per resource under its action's heading: `  + <id>  Kubernetes  <reason>`.
    expect(table.stdout).toContain('Create 11\n');
    for (const id of Object.values(IDS))
      expect(table.stdout).toMatch(new RegExp(`^ {2}\\+ ${id}\\s+Kubernetes\\s`, 'm'));
    expect(table.stdout).toContain('Plan: 11 to create, 0 to update, 0 to replace, 0 to delete');

    const plan = await preview(['--detail']);
    expect(plan.changes.map((change) => change.action)).toEqual(Array(11).fill('Create'));
    expect(plan.summary).toEqual({ create: 11, update: 0, replace: 0, delete: 0, unchanged: 0 });
    expect(await kubectl.exists(['namespace', NAMESPACE])).toBe(false);
  });

  it('deploys, waiting for the CRD and for the Deployment to be available', async () => {
    const result = await app.run(['deploy', '--yes', '--timeout', '60s']);
    expectExit(result, 0);
    expect(result.stdout).toContain(
      'Deploy complete: 11 created, 0 updated, 0 replaced, 0 deleted',
    );
    for (const id of Object.values(IDS)) expect(result.stdout).toContain(`Created ${id}`);
    const finished = Date.now();
    const deployment = await liveDeployment();
    expect(deployment.status).toMatchObject({ availableReplicas: 1, updatedReplicas: 1 });
    // It waited: its Pod was made ready (by the fake kubelet) before the deploy ended.
    const readied = [...(kubelet?.readied.values() ?? [])];
    expect(readied.length).toBe(1);
    expect(Math.min(...readied)).toBeLessThan(finished);
  });

  it('then previews UnChanged, every time (no perpetual diff)', async () => {
    for (let run = 1; run <= 3; run++) {
      const result = await app.run(['preview', '--exit-code']);
      expectExit(result, 0);
      expect(result.stdout).toContain('No changes: 11 resources up to date.');
    }
  });

  it('kubectl sees every object, each with kusion as an Apply field manager', async () => {
    const namespaced = await kubectl.getJson<{ items: LiveObject[] }>([
      '-n',
      NAMESPACE,
      ...Object.values(KUBECTL_NAMES),
    ]);
    const clusterScoped = await kubectl.getJson<{ items: LiveObject[] }>([
      `namespace/${NAMESPACE}`,
      `customresourcedefinition/${WIDGET_CRD}`,
    ]);
    const objects = [...clusterScoped.items, ...namespaced.items];
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      `CustomResourceDefinition/${WIDGET_CRD}`,
      'Widget/gear',
      'ConfigMap/web-config',
      'ConfigMap/web-legacy',
      'Secret/web-secret',
      'ServiceAccount/web',
      'Role/web',
      'RoleBinding/web',
      'Deployment/web',
      'Service/web',
    ]);
    for (const object of objects) {
      const managers = (object.metadata.managedFields ?? []).map(
        (m) => `${m.manager}/${m.operation}`,
      );
      expect(managers, `${object.kind}/${object.metadata.name}`).toContain('kusion/Apply');
    }
    const secret = namespaced.items.find((o) => o.kind === 'Secret');
    expect(secret?.data).toEqual({ password: base64(PASSWORD) }); // the cluster has the value
  });

  it('plans an image change as an in-place Update', async () => {
    const uid = (await liveDeployment()).metadata.uid;
    await write({ image: 'nginx:1.26' });
    const plan = await preview();
    expect(changed(plan)).toEqual([
      expect.objectContaining({ id: IDS.deployment, action: 'Update', reason: 'spec changed' }),
    ]);
    expect(changed(plan)[0]?.diff).toEqual([
      {
        path: 'spec.template.spec.containers[0].image',
        kind: 'change',
        before: 'nginx:1.25',
        after: 'nginx:1.26',
      },
    ]);
    expect((await deploy()).summary).toMatchObject({ update: 1, unchanged: 10 });
    const deployment = await liveDeployment();
    expect(imageOf(deployment)).toBe('nginx:1.26');
    expect(deployment.metadata.uid).toBe(uid);
    expect(deployment.status).toMatchObject({ availableReplicas: 1, updatedReplicas: 1 });
  });

  it('plans a selector change as a Replace, and deploy replaces the Deployment', async () => {
    const uid = (await liveDeployment()).metadata.uid;
    await write({ hasTierSelector: true });
    const plan = await preview();
    expect(changed(plan)).toEqual([
      expect.objectContaining({ id: IDS.deployment, action: 'Replace' }),
    ]);
    expect(changed(plan)[0]?.reason).toMatch(/spec\.selector cannot change in place/);

    expect((await deploy()).summary).toMatchObject({ replace: 1, unchanged: 10 });
    const deployment = await liveDeployment();
    expect(deployment.metadata.uid).not.toBe(uid);
    expect(deployment.spec?.selector).toEqual({ matchLabels: { app: 'web', tier: 'front' } });
    expect(deployment.status).toMatchObject({ availableReplicas: 1 });
    expectExit(await app.run(['preview', '--exit-code']), 0);
  });

  it('prunes an object removed from the Spec', async () => {
    await write({ hasLegacyConfig: false });
    const plan = await preview();
    expect(changed(plan)).toEqual([
      expect.objectContaining({
        id: IDS.legacyConfig,
        action: 'Delete',
        reason: 'removed from spec',
      }),
    ]);
    expect((await deploy()).summary).toMatchObject({ delete: 1, unchanged: 10 });
    expect(await kubectl.exists(['-n', NAMESPACE, 'configmap', 'web-legacy'])).toBe(false);
    expect(await kubectl.exists(['-n', NAMESPACE, 'configmap', 'web-config'])).toBe(true);
    expectExit(await app.run(['preview', '--exit-code']), 0);
  });

  it('reports edits made with kubectl as drift (exit 2), and deploy sets back what Kusion owns', async () => {
    expectExit(await app.run(['drift']), 0);
    await kubectl.ok(['-n', NAMESPACE, 'label', 'service/web', 'team=ops']);
    await kubectl.ok(['-n', NAMESPACE, 'scale', 'deployment/web', '--replicas=2']);

    const text = await app.run(['drift']);
    expectExit(text, 2);
    expect(text.stdout).toContain('Drift found in 2 resources');
    expect(text.stdout).toContain(IDS.service);
    expect(text.stdout).toContain('spec.replicas: 1 → 2');

    const json = await app.run(['drift', '--json']);
    expectExit(json, 2);
    const report = json.json<{
      drifted: { id: string; diff: { path: string }[] }[];
      inSync: number;
    }>();
    expect(report.drifted.map((d) => d.id).sort()).toEqual([IDS.deployment, IDS.service]);
    expect(report.inSync).toBe(8);
    const deploymentDrift = report.drifted.find((d) => d.id === IDS.deployment);
    expect(deploymentDrift?.diff).toEqual([
      { path: 'spec.replicas', kind: 'change', before: 1, after: 2 },
    ]);
    const serviceDrift = report.drifted.find((d) => d.id === IDS.service);
    expect(JSON.stringify(serviceDrift?.diff)).toContain('team');

    const plan = await preview();
    expect(changed(plan)).toEqual([
      expect.objectContaining({
        id: IDS.deployment,
        action: 'Update',
        reason: 'live object changed outside Kusion (drift)',
      }),
    ]);
    await deploy();
    expect((await liveDeployment()).spec?.replicas).toBe(1);
  });

  it('has no drift left after `kusion deploy`, as drift promised ("Run `kusion deploy` to converge")', async () => {
    // The label kubectl added is not Kusion's (server-side apply leaves other managers' fields
    // alone), so deploy planned the Service UnChanged; drift must then not report it for ever.
    onTestFinished(async () => {
      await kubectl.ok(['-n', NAMESPACE, 'label', 'service/web', 'team-']);
    });
    const drift = await app.run(['drift', '--json']);
    expectExit(drift, 0);
  });

  it('fails a deploy that would take a field from another field manager, naming both; --force-conflicts takes it', async () => {
    const other = kubernetes({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NAMESPACE },
      spec: {
        selector: { matchLabels: { app: 'web', tier: 'front' } },
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    await kubectl.ok(
      ['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', '-'],
      JSON.stringify(other.attributes),
    );
    expect(fieldsOf(await liveDeployment(), 'other')).toContain('f:image');

    const message =
      'conflict with another field manager: field manager "other" owns spec.template.spec.containers[name="web"].image';
    const failed = await app.run(['deploy', '--yes']);
    expectExit(failed, 1);
    expect(failed.stderr).toContain(message);
    expect(failed.stderr).toContain('--force-conflicts');
    const failedJson = await app.run(['deploy', '--yes', '--json']);
    expectExit(failedJson, 1);
    expect(expectErrorDocument(failedJson, 'PROVIDER_FAILED').error.message).toContain(message);
    const previewed = await app.run(['preview']); // the dry run of the same apply
    expectExit(previewed, 1);
    expect(previewed.stderr).toContain(message);
    expect(imageOf(await liveDeployment())).toBe('nginx:1.27');

    await deploy(['--force-conflicts']);
    const taken = await liveDeployment();
    expect(imageOf(taken)).toBe('nginx:1.26');
    expect(fieldsOf(taken, 'kusion')).toContain('f:image');
    expect(fieldsOf(taken, 'other')).not.toContain('f:image');
    expectExit(await app.run(['preview', '--exit-code']), 0);

    // A client-side edit (an Update, not an apply) takes the field the same way.
    await kubectl.ok(['-n', NAMESPACE, 'set', 'image', 'deployment/web', 'web=nginx:1.28']);
    const edited = await app.run(['deploy', '--yes']);
    expectExit(edited, 1);
    expect(edited.stderr).toContain(
      'field manager "kubectl-set" owns spec.template.spec.containers[name="web"].image',
    );
    await deploy(['--force-conflicts']);
    expect(imageOf(await liveDeployment())).toBe('nginx:1.26');
    expectExit(await app.run(['preview', '--exit-code']), 0);
  });

  it('updates a Secret without ever showing its value', async () => {
    await write({ password: NEW_PASSWORD });
    const detail = await app.run(['preview', '--detail']);
    expectExit(detail, 0);
    expect(detail.stdout).toContain(`~ ${IDS.secret}\n`);
    expect(detail.stdout).toContain('data.password: "(sensitive)" → "(sensitive)"');
    const plan = await preview(['--detail']);
    expect(changed(plan).map((c) => [c.id, c.action])).toEqual([[IDS.secret, 'Update']]);

    const deployed = await app.run(['deploy', '--yes', '--detail']);
    expectExit(deployed, 0);
    const secret = await kubectl.getJson<LiveObject>(['-n', NAMESPACE, 'secret', 'web-secret']);
    expect(secret.data).toEqual({ password: base64(NEW_PASSWORD) });

    for (const args of [
      ['deploy', '--yes', '--json', '--detail'],
      ['drift', '--json'],
      ['drift'],
      ['release', 'show', '--json'],
      ['release', 'show'],
      ['release', 'show', '--revision', '1', '--json'],
      ['release', 'list', '--json'],
      ['preview', '--json', '--detail'],
    ])
      expectExit(await app.run(args), 0);
  });

  it('destroys everything, each namespaced object before its namespace, the widget before its CRD', async () => {
    const collections = [
      `/api/v1/namespaces?fieldSelector=metadata.name%3D${NAMESPACE}`,
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldSelector=metadata.name%3D${WIDGET_CRD}`,
      ...['configmaps', 'secrets', 'serviceaccounts', 'services'].map(
        (plural) => `/api/v1/namespaces/${NAMESPACE}/${plural}`,
      ),
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`,
      ...['roles', 'rolebindings'].map(
        (plural) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${NAMESPACE}/${plural}`,
      ),
      `/apis/example.com/v1/namespaces/${NAMESPACE}/widgets`,
    ];
    const deletions = await recordDeletions(api, collections);
    const destroy = await app.run(['destroy', '--yes'], { timeoutMs: 60_000 });
    expectExit(destroy, 0);
    expect(destroy.stdout).toContain('0 created, 0 updated, 0 replaced, 10 deleted');

    const namespaceKey = `/api/v1/namespaces ${NAMESPACE}`;
    const deadline = Date.now() + 10_000;
    while (!deletions.deleted.has(namespaceKey) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await deletions.stop();

    const started = (collection: string, name: string) =>
      deletions.deletionStarted.get(`${collection} ${name}`);
    const inNamespace = (group: string, plural: string, name: string) =>
      started(`${group}/namespaces/${NAMESPACE}/${plural}`, name);
    const objects = {
      'configmap web-config': inNamespace('/api/v1', 'configmaps', 'web-config'),
      'secret web-secret': inNamespace('/api/v1', 'secrets', 'web-secret'),
      'serviceaccount web': inNamespace('/api/v1', 'serviceaccounts', 'web'),
      'service web': inNamespace('/api/v1', 'services', 'web'),
      'deployment web': inNamespace('/apis/apps/v1', 'deployments', 'web'),
      'role web': inNamespace('/apis/rbac.authorization.k8s.io/v1', 'roles', 'web'),
      'rolebinding web': inNamespace('/apis/rbac.authorization.k8s.io/v1', 'rolebindings', 'web'),
      'widget gear': inNamespace('/apis/example.com/v1', 'widgets', 'gear'),
    };
    const namespaceDeleted = started('/api/v1/namespaces', NAMESPACE);
    const crdDeleted = started(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      WIDGET_CRD,
    );
    const order = JSON.stringify({ ...objects, namespace: namespaceDeleted, crd: crdDeleted });
    // etcd revisions: one counter for the whole cluster, so they order deletions across kinds.
    for (const [name, revision] of Object.entries(objects)) {
      expect(revision, `${name} was deleted (${order})`).toBeTypeOf('number');
      expect(revision, `${name} before the namespace (${order})`).toBeLessThan(
        namespaceDeleted ?? 0,
      );
    }
    expect(objects['widget gear'], `the widget before its CRD (${order})`).toBeLessThan(
      crdDeleted ?? 0,
    );
    expect(deletions.deleted.has(namespaceKey), 'the namespace is gone').toBe(true);

    expect(await kubectl.exists(['namespace', NAMESPACE])).toBe(false);
    expect(await kubectl.exists(['customresourcedefinition', WIDGET_CRD])).toBe(false);
    const after = await app.run(['preview', '--json']);
    expectExit(after, 0);
    expect(after.json<PlanDocument>().summary.create).toBe(10);
  });

  it('never printed a Secret value, nor stored one under KUSION_HOME', async () => {
    expect(app.runs.length).toBeGreaterThan(30);
    expectNoSecretIn(app.runs);
    expect(await app.stateFilesContaining(SECRET_TEXTS)).toEqual([]);
  });
});

describe('a Spec written by KusionStack Kusion (`kusion generate` of the Go tool)', () => {
  it('deploys unchanged with --spec-file, previews clean, and destroys', async () => {
    const quickstart = await createKubeProject('quickstart', kubeconfigPath());
    await copyFile(
      join(import.meta.dirname, 'fixtures', 'kusionstack-quickstart', 'spec.yaml'),
      join(quickstart.project.stackDir, 'spec.yaml'),
    );
    const ids = [
      'v1:Namespace:quickstart',
      'apps/v1:Deployment:quickstart:quickstart-default-quickstart',
      'v1:Service:quickstart:quickstart-default-quickstart-private',
    ];
    const plan = await quickstart.run(['preview', '--spec-file', 'spec.yaml', '--json']);
    expectExit(plan, 0);
    const planned = plan.json<PlanDocument>().changes.map((c) => [c.id, c.action]);
    expect(planned.sort()).toEqual(ids.map((id) => [id, 'Create']).sort());
    // No kubelet runs the quickstart's Pod: deploy without waiting for readiness.
    const deployed = await quickstart.run([
      'deploy',
      '--spec-file',
      'spec.yaml',
      '--yes',
      '--no-watch',
    ]);
    expectExit(deployed, 0);
    expect(deployed.stdout).toContain('Deploy complete: 3 created');
    const live = await kubectl.getJson<{ items: LiveObject[] }>([
      '-n',
      'quickstart',
      'deployment/quickstart-default-quickstart',
      'service/quickstart-default-quickstart-private',
    ]);
    expect(
      live.items.map((o) => o.metadata.managedFields?.some((m) => m.manager === 'kusion')),
    ).toEqual([true, true]);
    for (let run = 1; run <= 2; run++)
      expectExit(await quickstart.run(['preview', '--spec-file', 'spec.yaml', '--exit-code']), 0);

    const destroyed = await quickstart.run(['destroy', '--yes'], { timeoutMs: 60_000 });
    expectExit(destroyed, 0);
    expect(await kubectl.exists(['namespace', 'quickstart'])).toBe(false);
  });
});

describe('readiness on a cluster where no Pod runs', () => {
  it('shows what it waits for, and a --timeout fails the Deployment with its last status', async () => {
    const slow = await createKubeProject('slow', kubeconfigPath(), [
      kubernetes({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'slow', labels: { team: 'slow' } },
      }),
      kubernetes({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'slow' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
          },
        },
      }),
    ]);
    const started = performance.now();
    const result = await slow.run(['deploy', '--yes', '--watch', '--timeout', '5s']);
    const seconds = (performance.now() - started) / 1000;
    expectExit(result, 1);
    expect(seconds, result.transcript).toBeLessThan(20);
    // The progress line, then the failure, name the replicas the Deployment is waiting for.
    expect(result.stdout).toMatch(/… apps\/v1:Deployment:slow:web: .*0\/1 replicas available/);
    expect(result.stdout).toMatch(
      /apps\/v1:Deployment:slow:web.*timed out waiting for readiness; last status: 0\/1 replicas available/,
    );
    expect(result.stdout).toContain('Created v1:Namespace:slow');

    const destroyed = await slow.run(['destroy', '--yes'], { timeoutMs: 60_000 });
    expectExit(destroyed, 0);
    expect(await kubectl.exists(['namespace', 'slow'])).toBe(false);
  });
});

describe('a field another manager set to the value the Spec already has', () => {
  it('is planned as an ownership change, shared on deploy, and a later change needs --force-conflicts once', async () => {
    const config = (value: string) => [
      kubernetes({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'owners', labels: { team: 'owners' } },
      }),
      kubernetes({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'owners' },
        data: { mode: value },
      }),
    ];
    const owners = await createKubeProject('owners', kubeconfigPath(), config('blue'));
    onTestFinished(async () => {
      await owners.run(['destroy', '--yes'], { timeoutMs: 60_000 });
    });
    expectExit(await owners.run(['deploy', '--yes']), 0);
    // Someone edits the value with kubectl (an Update: kubectl-patch now owns data.mode)...
    await kubectl.ok([
      '-n',
      'owners',
      'patch',
      'configmap/settings',
      '--type=merge',
      '-p',
      '{"data":{"mode":"green"}}',
    ]);
    // ...the team adopts it in the Spec: no value changes, but Kusion must own data.mode again.
    await owners.writeResources(config('green'));
    const preview = await owners.run(['preview', '--json']);
    expectExit(preview, 0);
    expect(
      preview.json<{ changes: { id: string; action: string; reason: string }[] }>().changes,
    ).toContainEqual(
      expect.objectContaining({
        id: 'v1:ConfigMap:owners:settings',
        action: 'Update',
        reason:
          'field ownership changes: Kusion takes ownership of data.mode (set by "kubectl-patch")',
      }),
    );
    expectExit(await owners.run(['deploy', '--yes']), 0);
    const live = await kubectl.getJson<LiveObject>(['-n', 'owners', 'configmap', 'settings']);
    expect(fieldsOf(live, 'kusion'), 'kusion owns data.mode, jointly').toContain('f:mode');
    expectExit(await owners.run(['preview', '--exit-code']), 0);

    // Server-side apply shares an equal value, so the next change conflicts with kubectl-patch once...
    await owners.writeResources(config('red'));
    const conflict = await owners.run(['deploy', '--yes']);
    expectExit(conflict, 1);
    expect(conflict.stderr).toContain('field manager "kubectl-patch" owns data.mode');
    expectExit(await owners.run(['deploy', '--yes', '--force-conflicts']), 0);
    // ...after which the field is Kusion's alone.
    await owners.writeResources(config('purple'));
    expectExit(await owners.run(['deploy', '--yes']), 0);
    const final = await kubectl.getJson<{ data: Record<string, string> }>([
      '-n',
      'owners',
      'configmap',
      'settings',
    ]);
    expect(final.data).toEqual({ mode: 'purple' });
  });
});

describe('deploy --timings ("why was this slow")', () => {
  it('names phases, slowest resources and the API calls, which agree with a counting proxy', async () => {
    if (!kube) throw new Error('the kube-apiserver did not start');
    const proxy = await startCountingProxy(kube, kube.dir);
    onTestFinished(() => proxy.close());
    const timed = await createKubeProject('timed', proxy.kubeconfigPath, [
      kubernetes({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'timed' } }),
      ...['a', 'b', 'c'].map((name) =>
        kubernetes({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: 'timed' },
          data: { name },
        }),
      ),
    ]);
    proxy.reset();
    const json = await timed.run(['deploy', '--yes', '--timings', '--json']);
    expectExit(json, 0);
    const counted = proxy.counts();
    const { timings } = json.json<{
      timings: {
        phases: Record<string, number>;
        slowest: { id: string }[];
        providers: {
          provider: string;
          apiCalls: number;
          callsByOperation: Record<string, number>;
        }[];
      };
    }>();
    expect(Object.keys(timings.phases)).toEqual(['load', 'generate', 'plan', 'apply', 'record']);
    expect(timings.slowest.length).toBeGreaterThan(0);
    const [provider] = timings.providers;
    expect(provider?.provider).toBe('Kubernetes');
    // Every request the provider counts went through the proxy, discovery included.
    expect(provider?.apiCalls).toBe(counted.total + counted.discovery);

    await timed.writeResources([
      kubernetes({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'timed' } }),
      kubernetes({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', namespace: 'timed' },
        data: { name: 'a2' },
      }),
    ]);
    const text = await timed.run(['deploy', '--yes', '--timings']);
    expectExit(text, 0);
    expect(text.stdout).toMatch(/^Timings \(total .+\)$/m);
    expect(text.stdout).toMatch(
      /^ {2}phases: load .+ · generate .+ · plan .+ · apply .+ · record .+$/m,
    );
    expect(text.stdout).toMatch(/^ {2}slowest resources:$/m);
    expect(text.stdout).toMatch(
      /^ {2}Kubernetes: \d+ API calls, 0 retries, .+ waiting for readiness$/m,
    );
    const shown = await timed.run(['release', 'show', '--timings']);
    expectExit(shown, 0);
    expect(shown.stdout).toMatch(/^Timings \(total .+\)$/m);
    expectExit(await timed.run(['destroy', '--yes']), 0);
  });
});

describe('deploy --skip-preview (CI)', () => {
  it('applies without reading or a dry run, and tells unchanged, updated and created objects apart from what the API returns', async () => {
    const secret = (value: string) =>
      kubernetes({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace: 'skip' },
        stringData: { token: value },
      });
    const config = (value: string) =>
      kubernetes({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'skip' },
        data: { mode: value },
      });
    const namespace = kubernetes({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'skip' },
    });
    const skip = await createKubeProject('skip', kubeconfigPath(), [
      namespace,
      secret('first-token-9c1'),
      config('blue'),
    ]);
    expectExit(await skip.run(['deploy', '--yes', '--skip-preview']), 0);

    const unchanged = await skip.run(['deploy', '--yes', '--skip-preview', '--json']);
    expectExit(unchanged, 0);
    expect(unchanged.json<ApplyDocument>().summary).toMatchObject({
      create: 0,
      update: 0,
      unchanged: 3,
    });

    await skip.writeResources([namespace, secret('first-token-9c1'), config('green')]);
    const updated = await skip.run(['deploy', '--yes', '--skip-preview', '--json']);
    expectExit(updated, 0);
    const document = updated.json<
      Omit<ApplyDocument, 'resources'> & { resources: { id: string; diff?: unknown[] }[] }
    >();
    expect(document.summary).toMatchObject({ update: 1, unchanged: 2 });
    expect(document.resources.find((r) => r.id === 'v1:ConfigMap:skip:settings')?.diff).toEqual([
      { path: 'data.mode', kind: 'change', before: 'blue', after: 'green' },
    ]);
    expect(`${updated.stdout}${unchanged.stdout}`).not.toContain('first-token-9c1');
    expectExit(await skip.run(['preview', '--exit-code']), 0);
    expectExit(await skip.run(['destroy', '--yes']), 0);
  });
});

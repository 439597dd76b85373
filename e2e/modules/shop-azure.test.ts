/**
 * Issue 8's app in an Azure workspace (issue 9, "Catalog"), through the packed CLI: the service
 * (two containers, a file, a secret) with a network (public port), a postgres database and a
 * bucket, whose workspace says `postgres: { type: azure }` and `bucket: { type: azure }`. The
 * database is an Azure Database for PostgreSQL flexible server with a firewall rule and the app's
 * database, the bucket a storage account with a blob container — one ARM template deployment on
 * the ARM emulator (its certificate trusted, a service principal, the real bearer-token policy) —
 * and the workload runs on a real kube-apiserver. It deploys, previews clean, reads the server's
 * FQDN and the blob endpoint across providers, never shows or stores the derived password, and is
 * destroyed, in Azure too.
 *
 * The modules issue's app also has an SQS queue; `queue` has no Azure type, so the Azure app has a
 * bucket in its place.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { basename, join } from 'node:path';
import { startArmEmulator } from '@kusion/emulators';
import type { ArmEmulator } from '@kusion/emulators';
import { startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubectl } from '../kubernetes/support/kubectl.ts';
import type { Kubectl } from '../kubernetes/support/kubectl.ts';
import { expectExit } from '../test/support/expectations.ts';
import { installed } from '../test/support/kusion.ts';
import type { RunResult } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject } from '../test/support/project.ts';
import { toYaml } from '../test/support/yaml.ts';

const CATALOG = ['service', 'network', 'postgres', 'bucket'];
const hasCatalog = CATALOG.every((module) =>
  installed().tarballs.some((tarball) => basename(tarball).startsWith(`kusion-module-${module}-`)),
);

const NAMESPACE = 'shop';
const GROUP = 'shop-azure';
const SEED = 'e2e-shop-azure-password-seed-4e2a9c';
const API_TOKEN = 'e2e-shop-azure-api-token-93b1';
const CLIENT_SECRET = 'e2e-shop-azure-client-secret';
/** `<project>-<stack>-<app>-<accessory>`. */
const SERVER = 'shop-dev-shop-db';
const SERVER_ID = `azure:Microsoft.DBforPostgreSQL/flexibleServers:${SERVER}`;
const CONTAINER_NAME = 'assets';

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
      assets:
        module: bucket
`;

let kube: KubeApiserverPeer | undefined;
let arm: ArmEmulator | undefined;
let kubectl: Kubectl;
let project: ScratchProject;
const runs: RunResult[] = [];

async function kusion(args: readonly string[]): Promise<RunResult> {
  const scoped = args[0] === 'workspace' ? args : [...args, '-W', 'azure'];
  const result = await project.run(scoped, {
    env: {
      KUSION_SHOP_SEED: SEED,
      AZURE_TENANT_ID: arm?.tenantId ?? '',
      AZURE_CLIENT_ID: randomUUID(),
      AZURE_CLIENT_SECRET: CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: arm?.endpoint ?? '',
    },
    timeoutMs: 240_000,
  });
  runs.push(result);
  return result;
}

interface SpecDocument {
  resources: { id: string; type: string; attributes: Record<string, unknown> }[];
}

interface Container {
  name: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }[];
}

describe.skipIf(!hasCatalog)(
  'one app, any cloud: the Azure workspace (needs the catalog modules)',
  () => {
    beforeAll(async () => {
      kube = await startKubeApiserver({ withControllerManager: true });
      arm = await startArmEmulator();
      kubectl = createKubectl(kube.kubeconfigPath, join(kube.dir, 'kubectl-cache'));
      project = await createProject({ name: 'shop' });
      await project.writeMainYaml(MAIN);
      const file = join(project.root, 'workspaces', 'azure.yaml');
      await writeFile(
        file,
        toYaml({
          providers: {
            kubernetes: { kubeconfig: kube.kubeconfigPath },
            azure: {
              subscriptionId: arm.subscriptionId,
              resourceGroup: GROUP,
              location: 'westeurope',
              endpoint: arm.endpoint,
              caFile: arm.caFile,
              pollIntervalMs: 20,
            },
          },
          modules: {
            postgres: { configs: { default: { type: 'azure', sku: 'Standard_B2s', size: 64 } } },
            bucket: { configs: { default: { type: 'azure' } } },
          },
          secretStore: { provider: 'env' },
          context: { databasePasswordSeed: 'ref://KUSION_SHOP_SEED' },
        }),
      );
      expectExit(await kusion(['workspace', 'create', 'azure', '-f', file]), 0);
    }, 600_000);
    afterAll(async () => {
      await arm?.close();
      await kube?.stop();
    });

    it('generates ARM resources for the database and the bucket, nothing of AWS or a local server', async () => {
      const result = await kusion(['generate', '--json']);
      expectExit(result, 0);
      const spec = result.json<SpecDocument>();
      const azure = spec.resources.filter((r) => r.type === 'Azure').map((r) => r.attributes.type);
      expect(azure.sort()).toEqual([
        'Microsoft.DBforPostgreSQL/flexibleServers',
        'Microsoft.DBforPostgreSQL/flexibleServers/databases',
        'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
        'Microsoft.Storage/storageAccounts',
        'Microsoft.Storage/storageAccounts/blobServices/containers',
      ]);
      expect(spec.resources.some((r) => r.type === 'AWS')).toBe(false);
      expect(spec.resources.some((r) => r.attributes.kind === 'StatefulSet')).toBe(false);
      const server = spec.resources.find((r) => r.id === SERVER_ID);
      expect(server?.attributes).toMatchObject({
        sku: { name: 'Standard_B2s', tier: 'Burstable' },
        properties: { administratorLogin: 'kusion', storage: { storageSizeGB: 64 } },
      });
    });

    it('deploys on ARM and Kubernetes, previews clean, wires host and endpoint, keeps the password secret, destroys', async () => {
      // No cloud controller serves the test cluster's LoadBalancer Service, and no kubelet runs the
      // pods: readiness is not what this test is about.
      const deployed = await kusion(['deploy', '--yes', '--no-watch', '--timeout', '180s']);
      expectExit(deployed, 0);
      expect(
        arm?.requests.filter((r) => r.method === 'PUT' && /\/deployments\/[^/]+$/i.test(r.path)),
      ).toHaveLength(1);
      expectExit(await kusion(['preview', '--exit-code']), 0);

      // What ARM holds: the server (its password never returned), its rule and database, the account and container.
      const server = await armGet(
        `resourceGroups/${GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${SERVER}`,
        '2022-12-01',
      );
      expect(server.status).toBe(200);
      expect(server.body).toMatchObject({
        sku: { name: 'Standard_B2s', tier: 'Burstable' },
        properties: { administratorLogin: 'kusion', version: '16', storage: { storageSizeGB: 64 } },
        tags: { 'kusion-project': 'shop', 'kusion-stack': 'dev', 'kusion-workspace': 'azure' },
      });
      const fqdn = (server.body as { properties: { fullyQualifiedDomainName: string } }).properties
        .fullyQualifiedDomainName;
      expect(fqdn).toBe(`${SERVER}.postgres.database.azure.com`);
      const rule = await armGet(
        `resourceGroups/${GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${SERVER}/firewallRules/azure-services`,
        '2022-12-01',
      );
      expect(rule.body).toMatchObject({
        properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' },
      });
      const database = await armGet(
        `resourceGroups/${GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${SERVER}/databases/shop`,
        '2022-12-01',
      );
      expect(database.status).toBe(200);
      // The workload: DB_* from the connection Secret, whose host came from the server's FQDN.
      const deployment = (
        await kubectl.getJson<{
          items: { spec: { template: { spec: { containers: Container[] } } } }[];
        }>(['-n', NAMESPACE, 'deployments'])
      ).items[0];
      const web = deployment?.spec.template.spec.containers.find((c) => c.name === 'web');
      const env = new Map((web?.env ?? []).map((e) => [e.name, e]));
      const ref = env.get('DB_HOST')?.valueFrom?.secretKeyRef;
      expect(ref, JSON.stringify(web)).toEqual({ name: SERVER, key: 'host' });
      const secret = await kubectl.getJson<{ data: Record<string, string> }>([
        '-n',
        NAMESPACE,
        'secret',
        ref?.name ?? '',
      ]);
      const decoded = (key: string) => Buffer.from(secret.data[key] ?? '', 'base64').toString();
      expect(decoded('host')).toBe(fqdn);
      expect(decoded('port')).toBe('5432');
      expect(decoded('username')).toBe('kusion');
      expect(decoded('database')).toBe('shop');
      // The bucket: the blob endpoint came from the account through a deployment output.
      const account = env.get('BUCKET_ACCOUNT')?.value ?? '';
      expect(account).toMatch(/^shopdevshopasset[0-9a-f]{8}$/);
      const storage = await armGet(
        `resourceGroups/${GROUP}/providers/Microsoft.Storage/storageAccounts/${account}`,
        '2023-05-01',
      );
      expect(storage.body).toMatchObject({
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
        properties: { allowBlobPublicAccess: false, minimumTlsVersion: 'TLS1_2' },
      });
      const container = await armGet(
        `resourceGroups/${GROUP}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${CONTAINER_NAME}`,
        '2023-05-01',
      );
      expect(container.status).toBe(200);
      expect(env.get('BUCKET_ENDPOINT')?.value).toBe(`https://${account}.blob.core.windows.net/`);
      expect(env.get('BUCKET_NAME')?.value).toBe(CONTAINER_NAME);
      expect(env.get('BUCKET_URL')?.value).toBe('$(BUCKET_ENDPOINT)$(BUCKET_NAME)');
      expect(env.get('BUCKET_ID')?.value).toBe(
        `/subscriptions/${arm?.subscriptionId ?? ''}/resourceGroups/${GROUP}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${CONTAINER_NAME}`,
      );

      const password = decoded('password');
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}-Aa1$/);
      // The deployment ARM keeps: its template (what anyone with read access can export) holds
      // the password as a secure parameter, and neither it nor the deployment holds the value.
      const deploymentPath = `resourceGroups/${GROUP}/providers/Microsoft.Resources/deployments/kusion-shop-dev-azure`;
      const exported = await armRequest('POST', `${deploymentPath}/exportTemplate`, '2024-03-01');
      expect(exported.status).toBe(200);
      const template = (exported.body as { template: ArmTemplate }).template;
      const serverInTemplate = template.resources.find((r) => r.name === SERVER);
      const passwordParameter = /^\[parameters\('(p_[0-9a-f]{16})'\)\]$/.exec(
        String(serverInTemplate?.properties?.['administratorLoginPassword']),
      )?.[1];
      expect(template.parameters?.[passwordParameter ?? '']).toEqual({ type: 'secureString' });
      const kept = await armGet(deploymentPath, '2024-03-01');
      expect(kept.status).toBe(200);
      expect(
        (kept.body as { properties: { parameters: Record<string, unknown> } }).properties
          .parameters[passwordParameter ?? ''],
      ).toEqual({ type: 'SecureString' });
      for (const body of [exported.body, kept.body])
        for (const text of [password, Buffer.from(password).toString('base64'), SEED])
          expect(JSON.stringify(body)).not.toContain(text);
      await expectNowhere([password, Buffer.from(password).toString('base64'), SEED, API_TOKEN]);

      const destroyed = await kusion(['destroy', '--yes', '--timeout', '180s']);
      expectExit(destroyed, 0);
      expect(await kubectl.exists(['-n', NAMESPACE, 'secret', ref?.name ?? ''])).toBe(false);
      for (const path of [
        `resourceGroups/${GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${SERVER}`,
        `resourceGroups/${GROUP}/providers/Microsoft.Storage/storageAccounts/${account}`,
      ])
        expect(
          (await armGet(path, path.includes('Storage') ? '2023-05-01' : '2022-12-01')).status,
          path,
        ).toBe(404);
    }, 600_000);
  },
);

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

interface ArmTemplate {
  parameters?: Record<string, unknown>;
  resources: { name: string; properties?: Record<string, unknown> }[];
}

/** GET of an ARM path under the subscription, as Azure answers it (status and JSON body). */
function armGet(path: string, apiVersion: string): Promise<{ status: number; body: unknown }> {
  return armRequest('GET', path, apiVersion);
}

/** A request to an ARM path under the subscription, as Azure answers it (status and JSON body). */
async function armRequest(
  method: 'GET' | 'POST',
  path: string,
  apiVersion: string,
): Promise<{ status: number; body: unknown }> {
  const emulator = arm;
  if (!emulator) throw new Error('the ARM emulator is not running');
  const token = await emulator.controls.issueToken();
  const url = new URL(
    `/subscriptions/${emulator.subscriptionId}/${path}?api-version=${apiVersion}`,
    emulator.endpoint,
  );
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      { method, ca: emulator.caPem, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

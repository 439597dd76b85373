/**
 * What the mysql module generates with `type: azure` deploys through the engine and the real
 * providers: the flexible server, its firewall rule and database on the ARM emulator (one template
 * deployment, `@kusion/provider-azure` with a service principal and the emulator's certificate),
 * the connection Secret and the workload on the real kube-apiserver. The administrator password
 * comes from the workspace's secret store (`passwordRef`): the engine resolves it when it applies
 * the server and the Secret, and it is in no release or state file. A preview afterwards plans
 * nothing; destroy removes the server.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { startArmEmulator } from '@kusion/emulators';
import type { ArmEmulator } from '@kusion/emulators';
import { kubectlGetJson } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { mysql } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
/** The env secret store reads the engine's (this process's) environment. */
const PASSWORD_VARIABLE = 'KUSION_TEST_MYSQL_ADMIN_PASSWORD';
const PASSWORD = `Az-${randomUUID()}`;
const GROUP = 'mysql-azure';
const SERVER = 'my-az-dev-my-az-db';

let arm: ArmEmulator;
let deployment: SpecDeployment | undefined;

beforeAll(async () => {
  arm = await startArmEmulator();
  process.env[PASSWORD_VARIABLE] = PASSWORD;
});
afterAll(async () => {
  await deployment?.remove();
  await arm.close();
  Reflect.deleteProperty(process.env, PASSWORD_VARIABLE);
});

describe('mysql type: azure on the ARM emulator and a real kube-apiserver', () => {
  it('deploys the flexible server with a password from the secret store, wires its FQDN, and destroys it', async () => {
    const project = 'my-az';
    deployment = await createSpecDeployment({
      engine,
      project,
      workspace: {
        providers: {
          kubernetes: { kubeconfig },
          azure: {
            subscriptionId: arm.subscriptionId,
            tenantId: arm.tenantId,
            clientId: randomUUID(),
            clientSecret: 'test-secret',
            endpoint: arm.endpoint,
            authorityHost: arm.endpoint,
            caFile: arm.caFile,
            resourceGroup: GROUP,
            location: 'westeurope',
            pollIntervalMs: 10,
          },
        },
        secretStore: { provider: 'env' },
      },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'azure',
      project,
      workspace: 'dev',
      part: { kind: 'accessory', name: 'db', value: mysql() },
      platform: { type: 'azure', passwordRef: `ref://${PASSWORD_VARIABLE}` },
    });
    const spec = accessorySpec(outcome);
    expect(JSON.stringify(spec)).not.toContain(PASSWORD);
    const deployed = await deployment.deploy(spec);
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const server = await armGet(
      `resourceGroups/${GROUP}/providers/Microsoft.DBforMySQL/flexibleServers/${SERVER}`,
    );
    expect(server.body).toMatchObject({
      sku: { name: 'Standard_B1ms', tier: 'Burstable' },
      properties: {
        administratorLogin: 'kusion',
        version: '8.0.21',
        fullyQualifiedDomainName: `${SERVER}.mysql.database.azure.com`,
      },
    });
    expect(JSON.stringify(server.body)).not.toContain(PASSWORD);
    const database = await armGet(
      `resourceGroups/${GROUP}/providers/Microsoft.DBforMySQL/flexibleServers/${SERVER}/databases/my_az`,
    );
    expect(database.body).toMatchObject({ properties: { charset: 'utf8mb4' } });

    const secret = await kubectlGetJson(kubeconfig, 'secret', SERVER, project);
    const data = secret?.['data'] as Record<string, string>;
    const decoded = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
    expect(decoded('host')).toBe(`${SERVER}.mysql.database.azure.com`);
    expect(decoded('port')).toBe('3306');
    expect(decoded('password')).toBe(PASSWORD);

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);

    const entries = await readdir(deployment.kusionHome, { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((e) => e.isFile())) {
      const file = join(entry.parentPath, entry.name);
      expect(await readFile(file, 'utf8'), file).not.toContain(PASSWORD);
    }

    const destroyed = await deployment.destroy();
    expect(destroyed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);
    expect(
      (
        await armGet(
          `resourceGroups/${GROUP}/providers/Microsoft.DBforMySQL/flexibleServers/${SERVER}`,
        )
      ).status,
    ).toBe(404);
  });
});

/** GET of an ARM path under the subscription, as Azure answers it. */
async function armGet(path: string): Promise<{ status: number; body: unknown }> {
  const token = await arm.controls.issueToken();
  const url = new URL(
    `/subscriptions/${arm.subscriptionId}/${path}?api-version=2023-12-30`,
    arm.endpoint,
  );
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      { method: 'GET', ca: arm.caPem, headers: { authorization: `Bearer ${token}` } },
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

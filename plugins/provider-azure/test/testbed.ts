/**
 * The ARM emulator and the provider settings that reach it as a user's workspace would: a
 * service principal (the emulator is also the Entra authority), its certificate trusted through
 * `caFile`, production scopes kept, and a fast poll interval.
 */
import { randomUUID } from 'node:crypto';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { ClientSecretCredential } from '@azure/identity';
import { startArmEmulator } from '@kusion/emulators';
import type { ArmEmulator } from '@kusion/emulators';
import type { Attributes, ProviderContext } from '@kusion/sdk';

export interface Testbed {
  readonly arm: ArmEmulator;
  readonly settings: (extra?: Attributes) => Attributes;
  /** A client of the emulator for checking what the provider did. */
  readonly resources: ResourceManagementClient;
  /** A client of the emulator's deployments (what anyone with read access may export). */
  readonly deployments: DeploymentsClient;
  close(): Promise<void>;
}

export async function startTestbed(): Promise<Testbed> {
  const arm = await startArmEmulator();
  const clientId = randomUUID();
  const tlsOptions = { ca: arm.caPem };
  const credential = new ClientSecretCredential(arm.tenantId, clientId, 'test-secret', {
    authorityHost: arm.endpoint,
    disableInstanceDiscovery: true,
    tlsOptions,
  });
  return {
    arm,
    settings: (extra = {}) => ({
      subscriptionId: arm.subscriptionId,
      tenantId: arm.tenantId,
      clientId,
      clientSecret: 'test-secret',
      endpoint: arm.endpoint,
      authorityHost: arm.endpoint,
      caFile: arm.caFile,
      resourceGroup: 'kusion-tests',
      location: 'westeurope',
      pollIntervalMs: 10,
      ...extra,
    }),
    resources: new ResourceManagementClient(credential, arm.subscriptionId, {
      endpoint: arm.endpoint,
      tlsOptions,
    }),
    deployments: new DeploymentsClient(credential, arm.subscriptionId, {
      endpoint: arm.endpoint,
      tlsOptions,
    }),
    close: () => arm.close(),
  };
}

export function testContext(project: string): ProviderContext {
  return { project, stack: 'dev', workspace: 'test', projectDir: process.cwd() };
}

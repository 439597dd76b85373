/**
 * Shared set-up of the ARM emulator tests: an emulator, the real Azure SDK clients pointed at it
 * (production credential scopes kept, the emulator's certificate trusted in-process through
 * `tlsOptions`), and the request-sequence fixtures the SDK's traffic is checked against.
 */
import { readFileSync } from 'node:fs';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { ClientSecretCredential } from '@azure/identity';
import { expect } from 'vitest';
import { startArmEmulator } from '../../src/index.ts';
import type { ArmEmulator, ArmEmulatorOptions, RequestLogEntry } from '../../src/index.ts';

export interface ArmTestbed {
  readonly emulator: ArmEmulator;
  readonly credential: ClientSecretCredential;
  readonly resources: ResourceManagementClient;
  readonly deployments: DeploymentsClient;
  readonly subscriptionId: string;
}

/** Poll options for the SDK's long-running operations: the emulator needs no 2-second waits. */
export const FAST = { updateIntervalInMs: 5 } as const;

export async function startTestbed(options: ArmEmulatorOptions = {}): Promise<ArmTestbed> {
  const emulator = await startArmEmulator(options);
  const tlsOptions = { ca: emulator.caPem };
  const credential = new ClientSecretCredential(emulator.tenantId, 'kusion-tests', 'test-secret', {
    authorityHost: emulator.endpoint,
    disableInstanceDiscovery: true,
    tlsOptions,
  });
  const clientOptions = {
    endpoint: emulator.endpoint,
    tlsOptions,
    retryOptions: { maxRetries: 3 },
  };
  return {
    emulator,
    credential,
    resources: new ResourceManagementClient(credential, emulator.subscriptionId, clientOptions),
    deployments: new DeploymentsClient(credential, emulator.subscriptionId, clientOptions),
    subscriptionId: emulator.subscriptionId,
  };
}

/** A template with the usual header around `resources` (and optionally more sections). */
export function template(
  resources: readonly object[],
  sections: { parameters?: object; variables?: object; outputs?: object } = {},
): Record<string, unknown> {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    ...sections,
    resources,
  };
}

export function storageAccount(name: string, properties: object = {}): Record<string, unknown> {
  return {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2023-01-01',
    name,
    location: '[resourceGroup().location]',
    sku: { name: 'Standard_LRS' },
    kind: 'StorageV2',
    properties,
  };
}

export function resourceGroupId(testbed: ArmTestbed, group: string): string {
  return `/subscriptions/${testbed.subscriptionId}/resourceGroups/${group}`;
}

/** The error an SDK call rejects with: RestError's `code` and status, or a poller's message. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; statusCode?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, statusCode, message } = error as {
      code?: string;
      statusCode?: number;
      message: string;
    };
    return {
      ...(code === undefined ? {} : { code }),
      ...(statusCode === undefined ? {} : { statusCode }),
      message,
    };
  }
  throw new Error('expected the call to fail');
}

interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Fixture {
  readonly description: string;
  readonly requests: readonly FixtureRequest[];
}

export function readFixture(name: string): Fixture {
  return JSON.parse(
    readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Fixture;
}

function patternOf(text: string, values: Readonly<Record<string, string>>): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = escaped.replace(/\\\{(\w+)\\\}/g, (_whole, name: string) => {
    const value = values[name];
    return value === undefined ? '[^/?]+' : value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${source}$`, 'i');
}

/**
 * Checks `entries` against a recorded sequence: same methods, paths, statuses in the same order,
 * and exactly the fixture's protocol headers (`location`, `azure-asyncoperation`, `retry-after`,
 * `www-authenticate`) with matching values. `{name}` placeholders take `values` or any segment.
 */
export function expectSequence(
  entries: readonly RequestLogEntry[],
  fixtureName: string,
  values: Readonly<Record<string, string>>,
): void {
  const fixture = readFixture(fixtureName);
  const actual = entries.map(
    (entry) => `${entry.method} ${entry.path} ${entry.status} ${JSON.stringify(entry.headers)}`,
  );
  expect(entries.length, `${fixture.description}\n${actual.join('\n')}`).toBe(
    fixture.requests.length,
  );
  fixture.requests.forEach((expected, index) => {
    const entry = entries[index]!;
    const where = `${fixture.description}, request ${index + 1}:\n${actual.join('\n')}`;
    expect(entry.method, where).toBe(expected.method);
    expect(entry.path, where).toMatch(patternOf(expected.path, values));
    expect(entry.status, where).toBe(expected.status);
    const headers = expected.headers ?? {};
    expect(Object.keys(entry.headers).sort(), where).toEqual(Object.keys(headers).sort());
    for (const [name, value] of Object.entries(headers))
      expect(entry.headers[name], where).toMatch(patternOf(value, values));
  });
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/** A plain HTTPS request to the emulator (for what the SDK would never send). */
export async function rawRequest(
  emulator: Pick<ArmEmulator, 'endpoint' | 'caPem'>,
  method: string,
  path: string,
  options: {
    readonly token?: string;
    readonly body?: string;
    readonly headers?: Record<string, string>;
  } = {},
): Promise<RawAnswer> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const outgoing = request(
      new URL(path, emulator.endpoint),
      { method, ca: emulator.caPem, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: text === '' ? undefined : JSON.parse(text),
          });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

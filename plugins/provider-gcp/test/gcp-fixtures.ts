/**
 * The Resource Manager emulator in this process, a provider pointed at it exactly as a workspace
 * would (`endpoint`, `restEndpoint`, `parent`), and the real clients for what a test does "outside
 * kusion" — configured as the emulator's README says: plaintext gRPC, no credentials.
 */
import {
  FoldersClient,
  ProjectsClient,
  TagBindingsClient,
  TagKeysClient,
  TagValuesClient,
} from '@google-cloud/resource-manager';
import * as grpc from '@grpc/grpc-js';
import { PassThroughClient } from 'google-auth-library';
import { startGcpResourceManagerEmulator } from '@kusion/emulators';
import type {
  GcpResourceManagerEmulator,
  GcpResourceManagerEmulatorOptions,
} from '@kusion/emulators';
import { silentIoHost } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  ProviderContext,
  Resource,
  ResourceProvider,
  ResourceState,
} from '@kusion/sdk';
import { createGcpProvider } from '../src/index.js';

export const ORGANIZATION = 'organizations/123456789012';
export const ORGANIZATION_NUMBER = '123456789012';

export const context: ProviderContext = {
  project: 'shop',
  stack: 'dev',
  workspace: 'dev',
  projectDir: process.cwd(),
};

export const OPTIONS: ApplyOptions = { watch: false, forceConflicts: false };

export interface Outside {
  readonly projects: ProjectsClient;
  readonly folders: FoldersClient;
  readonly tagKeys: TagKeysClient;
  readonly tagValues: TagValuesClient;
  readonly tagBindings: TagBindingsClient;
  close(): Promise<void>;
}

export async function startEmulator(
  options: GcpResourceManagerEmulatorOptions = {},
): Promise<{ emulator: GcpResourceManagerEmulator; outside: Outside; close(): Promise<void> }> {
  const emulator = await startGcpResourceManagerEmulator({
    operationPollsToComplete: 1,
    ...options,
  });
  const clientOptions = {
    apiEndpoint: emulator.host,
    port: emulator.port,
    grpc,
    sslCreds: grpc.credentials.createInsecure(),
    authClient: new PassThroughClient(),
  };
  const clients = {
    projects: new ProjectsClient(clientOptions),
    folders: new FoldersClient(clientOptions),
    tagKeys: new TagKeysClient(clientOptions),
    tagValues: new TagValuesClient(clientOptions),
    tagBindings: new TagBindingsClient(clientOptions),
  };
  const outside: Outside = {
    ...clients,
    close: async () => {
      await Promise.all(Object.values(clients).map((client) => client.close()));
    },
  };
  return {
    emulator,
    outside,
    close: async () => {
      await outside.close();
      await emulator.close();
    },
  };
}

/** The workspace settings a user writes for the emulator. */
export function emulatorSettings(
  emulator: GcpResourceManagerEmulator,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    endpoint: emulator.endpoint,
    restEndpoint: emulator.restEndpoint,
    parent: ORGANIZATION,
    ...extra,
  };
}

export function providerFor(
  emulator: GcpResourceManagerEmulator,
  extra: Record<string, unknown> = {},
): ResourceProvider {
  return createGcpProvider({ settings: emulatorSettings(emulator, extra) });
}

let counter = 0;
/** A name unique in this run, safe as a project id, folder display name or tag short name. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export function gcp(kind: string, name: string, attributes: Attributes = {}): Resource {
  return { id: `gcp:${kind}:${name}`, type: 'GCP', attributes };
}

/** Calls a provider as the engine does, recording the state after apply. */
export function drive(provider: ResourceProvider) {
  const base = { signal: new AbortController().signal, io: silentIoHost, context };
  const report = (): void => undefined;
  return {
    read: async (resource: Resource, prior?: ResourceState) =>
      (await provider.read({ ...base, resource, prior })).live,
    plan: (resource: Resource, live: Attributes | undefined, prior?: ResourceState) =>
      provider.plan({ ...base, resource, unknownPaths: [], prior, live, options: OPTIONS }),
    async apply(
      resource: Resource,
      action: 'Create' | 'Update' | 'Replace' = 'Create',
      prior?: ResourceState,
    ): Promise<ResourceState> {
      const result = await provider.apply({
        ...base,
        resource,
        prior,
        action,
        options: OPTIONS,
        report,
      });
      return { ...resource, attributes: result.attributes };
    },
    delete: (state: ResourceState) =>
      provider.delete({ ...base, resource: state, options: OPTIONS, report }),
  };
}

/** Creates a project outside kusion and waits for it; answers its name (`projects/N`). */
export async function createProjectOutside(outside: Outside, projectId: string): Promise<string> {
  const [operation] = await outside.projects.createProject({
    project: { projectId, parent: ORGANIZATION },
  });
  const [project] = await operation.promise();
  return project.name ?? '';
}

/** Creates a tag key and its values outside kusion; answers their names. */
export async function createTagOutside(
  outside: Outside,
  shortName: string,
  values: readonly string[],
): Promise<{ key: string; values: string[] }> {
  const [keyOperation] = await outside.tagKeys.createTagKey({
    tagKey: { shortName, parent: ORGANIZATION },
  });
  const [key] = await keyOperation.promise();
  const names: string[] = [];
  for (const value of values) {
    const [valueOperation] = await outside.tagValues.createTagValue({
      tagValue: { shortName: value, parent: key.name ?? '' },
    });
    const [created] = await valueOperation.promise();
    names.push(created.name ?? '');
  }
  return { key: key.name ?? '', values: names };
}

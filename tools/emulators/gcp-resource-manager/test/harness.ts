/**
 * The emulator with one of each production client pointed at it, configured exactly as the README
 * tells a provider to: plaintext gRPC to the emulator's endpoint and an auth client that sends no
 * credentials (so nothing looks for Application Default Credentials or a metadata server).
 */
import {
  FoldersClient,
  OrganizationsClient,
  ProjectsClient,
  TagBindingsClient,
  TagHoldsClient,
  TagKeysClient,
  TagValuesClient,
} from '@google-cloud/resource-manager';
import * as grpc from '@grpc/grpc-js';
import { PassThroughClient } from 'google-auth-library';
import {
  startGcpResourceManagerEmulator,
  type GcpResourceManagerEmulator,
  type GcpResourceManagerEmulatorOptions,
} from '../emulator.ts';

/** The client options of the README's recipe, for an emulator at `host:port`. */
export function emulatorClientOptions(endpoint: string) {
  const separator = endpoint.lastIndexOf(':');
  return {
    apiEndpoint: endpoint.slice(0, separator),
    port: Number(endpoint.slice(separator + 1)),
    grpc,
    sslCreds: grpc.credentials.createInsecure(),
    authClient: new PassThroughClient(),
  };
}

export interface Harness {
  readonly emulator: GcpResourceManagerEmulator;
  readonly projects: ProjectsClient;
  readonly folders: FoldersClient;
  readonly organizations: OrganizationsClient;
  readonly tagKeys: TagKeysClient;
  readonly tagValues: TagValuesClient;
  readonly tagBindings: TagBindingsClient;
  readonly tagHolds: TagHoldsClient;
  close(): Promise<void>;
}

export const ORGANIZATION = 'organizations/123456789012';

export async function startHarness(
  options: GcpResourceManagerEmulatorOptions = {},
): Promise<Harness> {
  const emulator = await startGcpResourceManagerEmulator(options);
  const clientOptions = emulatorClientOptions(emulator.endpoint);
  const clients = {
    projects: new ProjectsClient(clientOptions),
    folders: new FoldersClient(clientOptions),
    organizations: new OrganizationsClient(clientOptions),
    tagKeys: new TagKeysClient(clientOptions),
    tagValues: new TagValuesClient(clientOptions),
    tagBindings: new TagBindingsClient(clientOptions),
    tagHolds: new TagHoldsClient(clientOptions),
  };
  return {
    emulator,
    ...clients,
    close: async () => {
      await Promise.all(Object.values(clients).map((client) => client.close()));
      await emulator.close();
    },
  };
}

/** The method names of the calls received since the last reset, in order. */
export function calledMethods(emulator: GcpResourceManagerEmulator): string[] {
  return emulator.requests.map((request) => request.method);
}

/** A resource the emulator answered, with its name (the client types every field as optional). */
export function named<T extends { name?: string | null }>(resource: T): T & { name: string } {
  if (!resource.name) throw new Error(`expected a named resource, got ${JSON.stringify(resource)}`);
  return resource as T & { name: string };
}

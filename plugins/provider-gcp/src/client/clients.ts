/**
 * The Resource Manager clients of one run, each created on first use (loading a client's protos
 * costs tens of milliseconds; a stack of folders never needs the tag clients) and closed once.
 */
import {
  FoldersClient,
  OrganizationsClient,
  ProjectsClient,
  TagBindingsClient,
  TagKeysClient,
  TagValuesClient,
} from '@google-cloud/resource-manager';
import type { ClientOptions } from './connection.js';

export interface GcpClients {
  readonly projects: ProjectsClient;
  readonly folders: FoldersClient;
  readonly organizations: OrganizationsClient;
  readonly tagKeys: TagKeysClient;
  readonly tagValues: TagValuesClient;
  readonly tagBindings: TagBindingsClient;
  close(): Promise<void>;
}

export function createClients(options: ClientOptions): GcpClients {
  const made = new Map<string, { close(): Promise<void> }>();
  const lazy = <T extends { close(): Promise<void> }>(key: string, make: () => T): (() => T) => {
    return () => {
      let client = made.get(key) as T | undefined;
      if (!client) {
        client = make();
        made.set(key, client);
      }
      return client;
    };
  };
  const projects = lazy('projects', () => new ProjectsClient(options));
  const folders = lazy('folders', () => new FoldersClient(options));
  const organizations = lazy('organizations', () => new OrganizationsClient(options));
  const tagKeys = lazy('tagKeys', () => new TagKeysClient(options));
  const tagValues = lazy('tagValues', () => new TagValuesClient(options));
  const tagBindings = lazy('tagBindings', () => new TagBindingsClient(options));
  return {
    get projects() {
      return projects();
    },
    get folders() {
      return folders();
    },
    get organizations() {
      return organizations();
    },
    get tagKeys() {
      return tagKeys();
    },
    get tagValues() {
      return tagValues();
    },
    get tagBindings() {
      return tagBindings();
    },
    async close() {
      const clients = [...made.values()];
      made.clear();
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

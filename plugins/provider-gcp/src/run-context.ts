/** What the provider's methods share during one run, from the connection its factory opened. */
import type { GcpClients } from './client/clients.js';
import type { Connection } from './client/connection.js';
import type { LiensApi } from './client/liens-api.js';
import type { NameResolver } from './client/name-resolver.js';
import type { PolicyLocks } from './iam/policy-locks.js';
import type { GcpSettings } from './settings.js';

export interface RunContext {
  readonly settings: GcpSettings;
  readonly connection: Connection;
  readonly clients: GcpClients;
  readonly names: NameResolver;
  /** Liens, over REST. */
  readonly liens: LiensApi;
  /** One IAM read-modify-write at a time per resource: members of one policy never race each other. */
  readonly policyLocks: PolicyLocks;
}

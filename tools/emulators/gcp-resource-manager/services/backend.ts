/** What every service implementation works on. */
import type { Access } from '../access.ts';
import type { IamPolicies } from '../iam-policies.ts';
import type { ResourceStore } from '../store.ts';

export interface Backend {
  readonly store: ResourceStore;
  readonly access: Access;
  readonly policies: IamPolicies;
  /** The member the caller is (`user:...`): it owns the projects it creates, as on GCP. */
  readonly callerIdentity: string;
}

export const V3 = 'google.cloud.resourcemanager.v3';
export const EMPTY = 'google.protobuf.Empty';

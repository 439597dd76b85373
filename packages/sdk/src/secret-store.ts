/**
 * Secret stores resolve `ref://<name>/<key>?version=<v>` values in a workspace's provider settings
 * and context, so secrets stay out of workspace files. The workspace's `secretStore.provider`
 * names the store; stores are contributed by plugins (e.g. `aws` for Secrets Manager).
 */
import type { Attributes } from './resource.js';

/** A parsed `ref://` reference. */
export interface SecretReference {
  /** The secret's name (everything before the first `/`). */
  readonly name: string;
  /** A property inside a JSON secret, if any. */
  readonly key?: string | undefined;
  readonly version?: string | undefined;
}

export interface SecretStoreGetRequest {
  readonly reference: SecretReference;
  readonly signal: AbortSignal;
}

export interface SecretStore {
  /** The secret's value as text; fails with a clear error when it does not exist. */
  get(request: SecretStoreGetRequest): Promise<string>;
}

export interface SecretStoreRegistration {
  /** As in a workspace's `secretStore.provider`. */
  readonly name: string;
  create(settings: Attributes): SecretStore | Promise<SecretStore>;
}

export const SECRET_REFERENCE_PREFIX = 'ref://';

/**
 * Envelope encryption of sealed secrets (contract 2.2). Sensitive values in stored releases are
 * sealed with one *data key per backend*, so anyone who can reach the backend and its key service
 * opens them — a teammate rolls back a release sealed on another machine with no shared key file.
 *
 * The data key lives in the backend (`Backend.keys`) only in wrapped form: encrypted by a *key
 * service* that the backend's `sealing:` configuration names (AWS KMS, a passphrase, later Azure Key
 * Vault or GCP KMS). Key services are contributed by plugins (`registerKeyService`), as secret stores
 * are. Rotating re-wraps the same data key under a new wrapping key: sealed values never change.
 */
import type { Attributes } from './resource.js';

/** The backend's data key as stored: wrapped, never in clear (the local backend's `none` aside). */
export interface WrappedKey {
  /** The key service that wrapped it: `aws-kms`, `passphrase`; `none` only on the local backend. */
  readonly service: string;
  /** The wrapped key material, base64. */
  readonly ciphertext: string;
  /**
   * What the service needs to unwrap it again, never secret: a KMS key ARN, a scrypt salt and
   * cost, the name of the variable holding a passphrase.
   */
  readonly parameters: Readonly<Record<string, string | number>>;
  /**
   * The data key's fingerprint (an HMAC of the key, not the key): stamped on every sealed value so
   * a message can name the key a value needs. Unchanged by rotation.
   */
  readonly keyId: string;
  readonly createdAt: string;
  /** When it was last re-wrapped (`kusion secrets rotate`). */
  readonly rotatedAt?: string | undefined;
}

/** A stored data key with the version a compare-and-swap names (an ETag, a row version). */
export interface StoredWrappedKey {
  readonly key: WrappedKey;
  readonly version: string;
}

/** `ifAbsent`: only the first writer wins (two first runs never make two keys); `ifMatch`: rotation. */
export type KeyWriteCondition = { readonly ifAbsent: true } | { readonly ifMatch: string };

export type KeyWriteOutcome =
  | { readonly stored: true; readonly version: string }
  /** The condition failed: someone else wrote first; read again. */
  | { readonly stored: false };

/** Where a backend keeps its one data key: a small record next to its workspaces. */
export interface KeyStore {
  /** Where it is, for messages: `s3://bucket/prefix/keys/data-key.json`. */
  readonly location: string;
  get(): Promise<StoredWrappedKey | undefined>;
  /** Compare-and-swap; a failed condition is an outcome, not an error. */
  put(key: WrappedKey, condition: KeyWriteCondition): Promise<KeyWriteOutcome>;
}

/** A key wrapped by a service: what `WrappedKey` stores besides the fingerprint and dates. */
export interface KeyWrapping {
  readonly ciphertext: string;
  readonly parameters: Readonly<Record<string, string | number>>;
}

export interface KeyServiceRequest {
  readonly signal: AbortSignal;
}

/**
 * Wraps and unwraps data keys. Fails with a `KEY_SERVICE_FAILED` error that names the wrapping key
 * and what the service answered (not found, disabled, access denied) when it cannot.
 */
export interface KeyService {
  /** The wrapping key, for messages: `AWS KMS key alias/kusion (us-east-1)`. */
  readonly description: string;
  wrap(plaintext: Uint8Array, request: KeyServiceRequest): Promise<KeyWrapping>;
  /** Opens a key this service wrapped, with the parameters it stored (maybe another key's). */
  unwrap(wrapped: WrappedKey, request: KeyServiceRequest): Promise<Uint8Array>;
  /** A new 32-byte data key, wrapped in one call where the service can (KMS GenerateDataKey). */
  generateDataKey?(
    request: KeyServiceRequest,
  ): Promise<{ readonly plaintext: Uint8Array; readonly wrapping: KeyWrapping }>;
}

export interface KeyServiceContext {
  /** Where the settings were written (`config.yaml:12`), for messages about them. */
  readonly where: string;
  /** The environment variables the service may read (a passphrase's). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface KeyServiceRegistration {
  /** As in a backend's `sealing.service`: `aws-kms`, `passphrase`. */
  readonly name: string;
  /**
   * Creates the service from the backend's `sealing` settings (less `service`); throws a
   * `ConfigError` naming the setting when they are wrong. `settings` is empty when the service
   * only has to unwrap a stored key (rotating away from it): then only `unwrap` is called, with
   * the parameters the key was stored with.
   */
  create(settings: Attributes, context: KeyServiceContext): KeyService | Promise<KeyService>;
}

/**
 * The workspace settings `providers.gcp`, checked by the factory: every problem is reported
 * together, naming the setting, what was received and what is expected. `credentials` is a secret
 * (usually `ref://...`), so its value is never quoted, only described.
 */
import { ProviderError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

/** Where the gRPC API is: `host:port`; plaintext and without credentials on a loopback host. */
export interface GrpcEndpoint {
  readonly host: string;
  readonly port: number;
  readonly isLoopback: boolean;
}

export interface GcpSettings {
  /** The parent of projects, folders and tag keys that name none: `organizations/N` or `folders/N`. */
  readonly parent?: string | undefined;
  /** A credentials file's JSON (service account key, authorized user, external account). */
  readonly credentials?: Readonly<Record<string, unknown>> | undefined;
  /** The Resource Manager gRPC endpoint; default `cloudresourcemanager.googleapis.com:443`. */
  readonly endpoint?: GrpcEndpoint | undefined;
  /** Root of the v3 REST API, for liens; default `https://cloudresourcemanager.googleapis.com`. */
  readonly restEndpoint?: string | undefined;
}

export const DEFAULT_REST_ENDPOINT = 'https://cloudresourcemanager.googleapis.com';

const KNOWN = ['parent', 'credentials', 'endpoint', 'restEndpoint'] as const;
const CREDENTIAL_TYPES = [
  'service_account',
  'authorized_user',
  'external_account',
  'external_account_authorized_user',
  'impersonated_service_account',
];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function parseSettings(settings: Attributes): GcpSettings {
  const problems: string[] = [];
  const parsed: {
    parent?: string;
    credentials?: Readonly<Record<string, unknown>>;
    endpoint?: GrpcEndpoint;
    restEndpoint?: string;
  } = {};
  for (const [key, value] of Object.entries(settings)) {
    switch (key as (typeof KNOWN)[number]) {
      case 'parent':
        if (typeof value === 'string' && /^(organizations|folders)\/\d+$/.test(value))
          parsed.parent = value;
        else
          problems.push(
            `"parent" must be "organizations/<number>" or "folders/<number>", received ${describePlain(value)}`,
          );
        break;
      case 'credentials': {
        const credentials = parseCredentials(value);
        if (typeof credentials === 'string') problems.push(`"credentials" ${credentials}`);
        else parsed.credentials = credentials;
        break;
      }
      case 'endpoint': {
        const endpoint = parseEndpoint(value);
        if (endpoint) parsed.endpoint = endpoint;
        else
          problems.push(
            `"endpoint" must be "host:port" (e.g. "127.0.0.1:8085" for an emulator), received ${describePlain(value)}`,
          );
        break;
      }
      case 'restEndpoint':
        if (typeof value === 'string' && isHttpUrl(value))
          parsed.restEndpoint = value.replace(/\/+$/, '');
        else
          problems.push(
            `"restEndpoint" must be an http(s) URL such as "http://127.0.0.1:8086", received ${describePlain(value)}`,
          );
        break;
      default:
        problems.push(`unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
    }
  }
  if (problems.length) {
    throw new ProviderError(`invalid settings for provider "gcp": ${problems.join('; ')}`, {
      hint: 'fix providers.gcp in the workspace, e.g. { parent: "organizations/123456789012", credentials: "ref://gcp-deployer-key" }',
    });
  }
  return parsed;
}

/** The credentials object, or why it is not one (without quoting anything of it). */
function parseCredentials(value: unknown): Readonly<Record<string, unknown>> | string {
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      return `must be the JSON of a credentials file (a service account key...), received a string of ${value.length} characters that is not JSON`;
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return `must be the JSON of a credentials file (a service account key...), received ${describeShape(json)}`;
  const fields = json as Record<string, unknown>;
  const type = fields['type'];
  if (typeof type !== 'string' || !CREDENTIAL_TYPES.includes(type))
    return `must be a credentials file with "type" one of ${CREDENTIAL_TYPES.join(', ')}, received an object whose "type" is ${typeof type === 'string' ? `a string of ${type.length} characters` : describeShape(type)}`;
  if (type === 'service_account') {
    const missing = ['client_email', 'private_key'].filter(
      (field) => typeof fields[field] !== 'string' || fields[field] === '',
    );
    if (missing.length)
      return `is a service account key without ${missing.join(' and ')}: download the key again (IAM → Service accounts → Keys)`;
  }
  return fields;
}

function parseEndpoint(value: unknown): GrpcEndpoint | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const host = match[1] ?? '';
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host, port, isLoopback: LOOPBACK_HOSTS.has(host) };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Settings other than credentials are not secret: quote them. */
function describePlain(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  return `${JSON.stringify(value)} (${describeShape(value)})`;
}

function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

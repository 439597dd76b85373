/**
 * The backend's `configs` from `$KUSION_HOME/config.yaml`, validated up front: every problem is
 * reported together, each naming the setting, what was received and what is expected.
 */
import { ConfigError } from '@kusion/sdk';
import type { Attributes, Diagnostic } from '@kusion/sdk';

export interface S3BackendSettings {
  readonly bucket: string;
  /** `''` or a key prefix ending with `/`. */
  readonly prefix: string;
  /** Default: the AWS environment (`AWS_REGION`, the profile), else `us-east-1` with an endpoint. */
  readonly region?: string | undefined;
  /** An S3-compatible endpoint (MinIO, moto, a VPC endpoint); default: AWS's own. */
  readonly endpoint?: string | undefined;
  /** A profile of `~/.aws/config` and `~/.aws/credentials`; default: `AWS_PROFILE`, then `default`. */
  readonly profile?: string | undefined;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`. */
  readonly forcePathStyle: boolean;
  /**
   * KusionStack Kusion's static credentials (`accessKeyID` + `accessKeySecret`, both or neither);
   * default: the AWS environment. Never printed.
   */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

type Check = (value: unknown) => string | undefined;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION_NAME = /^[a-z0-9-]+$/;

const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string';

const CHECKS: Readonly<Record<string, Check>> = {
  bucket: (value) => {
    if (typeof value !== 'string') return 'a bucket name';
    if (value.startsWith('s3://')) return 'a bucket name without "s3://"';
    return BUCKET_NAME.test(value)
      ? undefined
      : 'a bucket name (3 to 63 lower-case letters, digits, "." and "-")';
  },
  prefix: (value) => {
    if (typeof value !== 'string') return 'a key prefix such as "team-a/"';
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
    if (/[\u0000-\u001f\u007f]/.test(value)) return 'a key prefix without control characters';
    if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
      return 'a key prefix without "." or ".." segments';
    }
    return undefined;
  },
  region: (value) =>
    typeof value === 'string' && REGION_NAME.test(value)
      ? undefined
      : 'a region such as "eu-west-1"',
  endpoint: (value) => {
    if (typeof value !== 'string') return 'a URL such as "https://s3.example.com"';
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? undefined
        : 'an http:// or https:// URL';
    } catch {
      return 'a URL such as "https://s3.example.com"';
    }
  },
  profile: nonEmptyString,
  forcePathStyle: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  accessKeyID: nonEmptyString,
  accessKeySecret: nonEmptyString,
};

/** Settings whose values are never quoted back. */
const SECRET_SETTINGS = new Set(['accessKeyID', 'accessKeySecret']);

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** `team` → `team/`, `/team//a/` → `team/a/`, `` → ``. */
function normalizePrefix(prefix: string): string {
  const segments = prefix.split('/').filter((segment) => segment !== '');
  return segments.length ? `${segments.join('/')}/` : '';
}

/**
 * Validates `configs`. `environment` decides the path-style default: an endpoint from
 * `AWS_ENDPOINT_URL(_S3)` counts like one in the settings.
 */
export function parseS3Settings(
  settings: Attributes,
  environment: NodeJS.ProcessEnv = process.env,
): S3BackendSettings {
  const diagnostics: Diagnostic[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const check = CHECKS[key];
    if (!check) {
      diagnostics.push({
        message: `unknown setting "${key}" of the s3 backend (known: ${Object.keys(CHECKS).join(', ')})`,
        path: `configs.${key}`,
      });
      continue;
    }
    const expected = check(value);
    if (expected) {
      diagnostics.push({
        message: `"${key}" must be ${expected}, received ${SECRET_SETTINGS.has(key) ? `a ${typeof value}` : describe(value)}`,
        path: `configs.${key}`,
      });
    }
  }
  if (settings.bucket === undefined) {
    diagnostics.unshift({
      message: '"bucket" is required: the S3 bucket that holds workspaces, releases and locks',
      path: 'configs.bucket',
    });
  }
  if ((settings.accessKeyID === undefined) !== (settings.accessKeySecret === undefined)) {
    diagnostics.push({
      message:
        '"accessKeyID" and "accessKeySecret" go together (Kusion\'s static credentials): set both, or neither to use the AWS environment',
      path: `configs.${settings.accessKeyID === undefined ? 'accessKeyID' : 'accessKeySecret'}`,
    });
  }
  if (diagnostics.length) {
    throw new ConfigError(diagnostics, {
      hint: 'Fix the backend under "backends" in $KUSION_HOME/config.yaml, e.g. { type: s3, configs: { bucket: kusion-state, prefix: team-a/, region: eu-west-1 } }.',
    });
  }
  const string = (key: string): string | undefined => settings[key] as string | undefined;
  const endpoint = string('endpoint');
  const hasCustomEndpoint =
    endpoint !== undefined ||
    Boolean(environment.AWS_ENDPOINT_URL_S3) ||
    Boolean(environment.AWS_ENDPOINT_URL);
  return {
    bucket: settings.bucket as string,
    prefix: normalizePrefix(string('prefix') ?? ''),
    region: string('region'),
    endpoint,
    profile: string('profile'),
    forcePathStyle: (settings.forcePathStyle as boolean | undefined) ?? hasCustomEndpoint,
    ...(typeof settings.accessKeyID === 'string' && typeof settings.accessKeySecret === 'string'
      ? {
          credentials: {
            accessKeyId: settings.accessKeyID,
            secretAccessKey: settings.accessKeySecret,
          },
        }
      : {}),
  };
}

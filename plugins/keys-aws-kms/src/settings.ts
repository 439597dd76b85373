/**
 * The `sealing:` settings of a backend whose data key AWS KMS wraps, validated up front: every
 * problem reported together, naming the setting, what was received and what is expected.
 */
import { ConfigError } from '@kusion/sdk';
import type { Attributes, Diagnostic } from '@kusion/sdk';

export interface KmsSettings {
  /** A key id, key ARN, alias name (`alias/kusion`) or alias ARN. Absent: unwrap only. */
  readonly keyId?: string | undefined;
  /** Default: the AWS environment (`AWS_REGION`, the profile); a key ARN names its own. */
  readonly region?: string | undefined;
  /** A KMS-compatible endpoint (moto, a VPC endpoint); default: AWS's own or `AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
  readonly profile?: string | undefined;
}

const KNOWN = ['keyId', 'region', 'endpoint', 'profile'] as const;
const KEY_ID =
  /^(alias\/[A-Za-z0-9/_-]+|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;

export function parseKmsSettings(settings: Attributes, where: string): KmsSettings {
  const problems: Diagnostic[] = [];
  const problem = (message: string): void => {
    problems.push({ message, file: where });
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      problem(`unknown setting "${key}" of the aws-kms key service (known: ${KNOWN.join(', ')})`);
    } else if (typeof value !== 'string' || value.trim() === '') {
      problem(`sealing.${key} must be a non-empty string, received ${JSON.stringify(value)}`);
    }
  }
  const keyId = settings.keyId;
  if (typeof keyId === 'string' && !KEY_ID.test(keyId)) {
    problem(
      `sealing.keyId must be a KMS key id, key ARN, alias (alias/kusion) or alias ARN, received ${JSON.stringify(keyId)}`,
    );
  }
  if (typeof settings.endpoint === 'string' && !/^https?:\/\//.test(settings.endpoint)) {
    problem(
      `sealing.endpoint must be an http(s) URL, received ${JSON.stringify(settings.endpoint)}`,
    );
  }
  if (problems.length) {
    throw new ConfigError(problems, {
      hint: 'sealing: { service: aws-kms, keyId: alias/kusion, region: eu-west-1 }',
    });
  }
  const text = (key: (typeof KNOWN)[number]): string | undefined =>
    typeof settings[key] === 'string' ? settings[key] : undefined;
  return {
    keyId: text('keyId'),
    region: text('region'),
    endpoint: text('endpoint'),
    profile: text('profile'),
  };
}

/** `keyId` is needed to wrap; a service created without settings only unwraps. */
export function requireKeyId(settings: KmsSettings, where: string): string {
  if (settings.keyId) return settings.keyId;
  throw new ConfigError(
    [{ message: 'sealing.keyId is required: the KMS key that wraps the data key', file: where }],
    { hint: 'sealing: { service: aws-kms, keyId: alias/kusion }' },
  );
}

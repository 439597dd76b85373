/**
 * Settings of the `aws` provider (workspace `providers.aws`) and of the `aws` secret store
 * (workspace `secretStore`). Every problem is reported together; unknown settings are refused so a
 * typo never silently falls back to a default account or region. Any setting may come from a
 * secret store (`ref://`), so a rejected value is quoted only for names and regions.
 */
import { ProviderError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

/** Where and as whom to call AWS. Everything left out comes from the standard AWS environment. */
export interface ConnectionSettings {
  readonly region?: string | undefined;
  /** A profile of `~/.aws/config` / `~/.aws/credentials`. */
  readonly profile?: string | undefined;
  /** One endpoint for every service (an emulator such as moto); `AWS_ENDPOINT_URL` also works. */
  readonly endpoint?: string | undefined;
  /** A role to assume (STS AssumeRole) with the base credentials. */
  readonly roleArn?: string | undefined;
  /**
   * Static credentials (both or neither), e.g. from KusionStack Kusion's workspace context
   * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`; best as `ref://` values. Default: the AWS
   * environment's credential chain.
   */
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
}

export interface ProviderSettings extends ConnectionSettings {
  /** The CloudFormation stack to deploy into, instead of the derived name. */
  readonly stackName?: string | undefined;
}

type Check = (value: unknown) => string | undefined;

const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string';

const CONNECTION_CHECKS: Readonly<Record<string, Check>> = {
  region: (value) =>
    typeof value === 'string' && /^[a-z]{2}(-[a-z0-9]+)+-\d+$/.test(value)
      ? undefined
      : 'an AWS region such as "eu-west-1"',
  profile: nonEmptyString,
  endpoint: (value) =>
    typeof value === 'string' && isHttpUrl(value) ? undefined : 'an http(s) URL',
  roleArn: (value) =>
    typeof value === 'string' && /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(value)
      ? undefined
      : 'an IAM role ARN such as "arn:aws:iam::123456789012:role/deployer"',
  accessKeyId: nonEmptyString,
  secretAccessKey: nonEmptyString,
};

const PROVIDER_CHECKS: Readonly<Record<string, Check>> = {
  ...CONNECTION_CHECKS,
  stackName: (value) =>
    typeof value === 'string' && /^[A-Za-z][-A-Za-z0-9]{0,127}$/.test(value)
      ? undefined
      : 'a CloudFormation stack name: a letter, then letters, digits and hyphens, at most 128 characters',
};

/** Validates `providers.aws`. */
export function parseProviderSettings(settings: Attributes): ProviderSettings {
  return parseWith(settings, PROVIDER_CHECKS, {
    subject: 'provider "aws"',
    hint: 'fix providers.aws in the workspace, e.g. { region: "eu-west-1", stackName: "shop-prod" }',
  });
}

/** Validates the `secretStore` settings of a workspace whose store is `aws` (without `provider`). */
export function parseSecretStoreSettings(settings: Attributes): ConnectionSettings {
  return parseWith(settings, CONNECTION_CHECKS, {
    subject: 'secret store "aws"',
    hint: 'fix secretStore in the workspace, e.g. { provider: aws, region: "eu-west-1" }',
  });
}

function parseWith(
  settings: Attributes,
  checks: Readonly<Record<string, Check>>,
  where: { readonly subject: string; readonly hint: string },
): Record<string, string> {
  const problems: string[] = [];
  const parsed: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    const check = checks[key];
    if (!check) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(checks).join(', ')})`);
      continue;
    }
    const expected = check(value);
    if (expected) problems.push(`"${key}" must be ${expected}, received ${describe(key, value)}`);
    else parsed[key] = value as string;
  }
  if ((settings.accessKeyId === undefined) !== (settings.secretAccessKey === undefined)) {
    problems.push('"accessKeyId" and "secretAccessKey" go together: set both, or neither');
  }
  if (problems.length) {
    throw new ProviderError(`invalid settings for ${where.subject}: ${problems.join('; ')}`, {
      hint: where.hint,
    });
  }
  return parsed;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Names and regions are quoted; other values may come from a secret store, so only their type is. */
function describe(key: string, value: unknown): string {
  if (typeof value === 'string' && (key === 'region' || key === 'stackName'))
    return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
}

/**
 * Settings of the `azure` provider (workspace `providers.azure`). Every problem is reported
 * together; unknown settings are refused so a typo never silently falls back to another
 * subscription. Any setting may come from a secret store (`ref://`), so rejected values are quoted
 * only for names that are never secret.
 */
import { ProviderError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

export interface ProviderSettings {
  /** Default: `AZURE_SUBSCRIPTION_ID`. */
  readonly subscriptionId: string;
  /** The Entra tenant of the credential; default: the credential's own (`AZURE_TENANT_ID`). */
  readonly tenantId?: string | undefined;
  /** A service principal's client id and secret; otherwise the standard `@azure/identity` chain. */
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Where resources without their own `resourceGroup` go. */
  readonly resourceGroup?: string | undefined;
  /** Location of resources that name none, and of resource groups Kusion creates. */
  readonly location?: string | undefined;
  /** The ARM endpoint; default `https://management.azure.com` (an emulator's for tests). */
  readonly endpoint?: string | undefined;
  /** The Entra authority host; default `AZURE_AUTHORITY_HOST`, else the public cloud's. */
  readonly authorityHost?: string | undefined;
  /** A PEM file of certificates to trust besides the system's (an emulator's self-signed one). */
  readonly caFile?: string | undefined;
  /** Name of the template deployments; default `kusion-<project>-<stack>-<workspace>`. */
  readonly deploymentName?: string | undefined;
  /** Kusion owns the resource groups it deploys into: destroy deletes them whole. */
  readonly ownsResourceGroup: boolean;
  /** How often long-running operations are polled when ARM names no interval. */
  readonly pollIntervalMs: number;
}

type Check = (value: unknown) => string | undefined;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Resource group names: letters, digits, `._-()`, not ending with a period, at most 90. */
export const RESOURCE_GROUP_PATTERN = /^[-\w._()]{0,89}[-\w_()]$/;
/** Deployment names: letters, digits, `._-()`, at most 64. */
export const DEPLOYMENT_NAME_PATTERN = /^[-\w._()]{1,64}$/;

const guid =
  (what: string): Check =>
  (value) =>
    typeof value === 'string' && GUID.test(value) ? undefined : `${what} (a GUID)`;
const nonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string';
const httpsUrl: Check = (value) => {
  if (typeof value !== 'string') return 'an https:// URL';
  try {
    return new URL(value).protocol === 'https:' ? undefined : 'an https:// URL';
  } catch {
    return 'an https:// URL';
  }
};

const CHECKS: Readonly<Record<string, Check>> = {
  subscriptionId: guid('a subscription id'),
  tenantId: guid('a tenant id'),
  clientId: guid('a client (application) id'),
  clientSecret: nonEmptyString,
  resourceGroup: (value) =>
    typeof value === 'string' && RESOURCE_GROUP_PATTERN.test(value)
      ? undefined
      : 'a resource group name: up to 90 letters, digits, ".", "_", "-", "(" and ")", not ending with "."',
  location: (value) =>
    typeof value === 'string' && /^[A-Za-z][A-Za-z0-9 ]*$/.test(value)
      ? undefined
      : 'an Azure location such as "westeurope"',
  endpoint: httpsUrl,
  authorityHost: httpsUrl,
  caFile: nonEmptyString,
  deploymentName: (value) =>
    typeof value === 'string' && DEPLOYMENT_NAME_PATTERN.test(value)
      ? undefined
      : 'a deployment name: up to 64 letters, digits, ".", "_", "-", "(" and ")"',
  ownsResourceGroup: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  pollIntervalMs: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60_000
      ? undefined
      : 'a whole number of milliseconds from 1 to 60000',
};

/** Values that are never secret, so an error may quote them. */
const QUOTABLE = new Set([
  'resourceGroup',
  'location',
  'deploymentName',
  'ownsResourceGroup',
  'pollIntervalMs',
]);

const HINT =
  'fix providers.azure in the workspace, e.g. { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: shop-prod, location: westeurope }';

/** Validates `providers.azure`; `environment` supplies `AZURE_SUBSCRIPTION_ID`. */
export function parseProviderSettings(
  settings: Attributes,
  environment: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const check = CHECKS[key];
    if (!check) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(CHECKS).join(', ')})`);
      continue;
    }
    const expected = check(value);
    if (expected) problems.push(`"${key}" must be ${expected}, received ${describe(key, value)}`);
    else parsed[key] = value;
  }
  const subscriptionId =
    (parsed['subscriptionId'] as string | undefined) ?? environment['AZURE_SUBSCRIPTION_ID'];
  if (subscriptionId === undefined && settings['subscriptionId'] === undefined)
    problems.push('"subscriptionId" is required (or AZURE_SUBSCRIPTION_ID in the environment)');
  else if (subscriptionId !== undefined && !GUID.test(subscriptionId))
    problems.push('AZURE_SUBSCRIPTION_ID must be a subscription id (a GUID)');
  if ((parsed['clientSecret'] === undefined) !== (parsed['clientId'] === undefined))
    problems.push('"clientId" and "clientSecret" go together: give both, or neither');
  if (problems.length)
    throw new ProviderError(`invalid settings for provider "azure": ${problems.join('; ')}`, {
      hint: HINT,
    });
  return {
    ...(parsed as Partial<ProviderSettings>),
    subscriptionId: subscriptionId ?? '',
    ownsResourceGroup: (parsed['ownsResourceGroup'] as boolean | undefined) ?? false,
    pollIntervalMs: (parsed['pollIntervalMs'] as number | undefined) ?? 2000,
  };
}

function describe(key: string, value: unknown): string {
  if (QUOTABLE.has(key)) return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
}

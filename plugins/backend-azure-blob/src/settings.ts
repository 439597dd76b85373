/**
 * The backend's `configs` from `$KUSION_HOME/config.yaml`, validated up front: every problem is
 * reported together, each naming the setting, what was received and what is expected. Secrets
 * never go in config.yaml: a connection string, account key or SAS token comes from the
 * environment, and without one the standard `@azure/identity` chain signs in.
 */
import { ConfigError } from '@kusion/sdk';
import type { Attributes, Diagnostic } from '@kusion/sdk';

export interface AzureBlobBackendSettings {
  readonly container: string;
  /** `''` or a blob name prefix ending with `/`. */
  readonly prefix: string;
  /** The storage account (its endpoint is `https://<account>.blob.core.windows.net`). */
  readonly accountName?: string | undefined;
  /** The account's blob endpoint, for another cloud or an emulator (Azurite). */
  readonly endpoint?: string | undefined;
  /** Create the container when it does not exist. */
  readonly createContainer: boolean;
}

type Check = (value: unknown) => string | undefined;

const CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

const CHECKS: Readonly<Record<string, Check>> = {
  container: (value) =>
    typeof value === 'string' && CONTAINER_NAME.test(value)
      ? undefined
      : 'a container name (3 to 63 lower-case letters, digits and single hyphens)',
  prefix: (value) => {
    if (typeof value !== 'string') return 'a blob name prefix such as "team-a/"';
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
    if (/[\u0000-\u001f\u007f\\]/.test(value)) return 'a prefix without control characters or "\\"';
    if (value.split('/').some((segment) => segment === '.' || segment === '..'))
      return 'a prefix without "." or ".." segments';
    return undefined;
  },
  accountName: (value) =>
    typeof value === 'string' && /^[a-z0-9]{3,24}$/.test(value)
      ? undefined
      : 'a storage account name (3 to 24 lower-case letters and digits)',
  endpoint: (value) => {
    if (typeof value !== 'string') return 'a URL such as "https://acct.blob.core.windows.net"';
    try {
      const url = new URL(value);
      if (url.search !== '')
        return 'a URL without a query (a SAS token goes in AZURE_STORAGE_SAS_TOKEN)';
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? undefined
        : 'an http:// or https:// URL';
    } catch {
      return 'a URL such as "https://acct.blob.core.windows.net"';
    }
  },
  createContainer: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
};

const SECRETS = ['connectionString', 'accountKey', 'sasToken'];

function normalizePrefix(prefix: string): string {
  const segments = prefix.split('/').filter((segment) => segment !== '');
  return segments.length ? `${segments.join('/')}/` : '';
}

/** Validates `configs`; `environment` tells whether a connection string names the account. */
export function parseAzureBlobSettings(
  settings: Attributes,
  environment: NodeJS.ProcessEnv = process.env,
): AzureBlobBackendSettings {
  const diagnostics: Diagnostic[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const check = CHECKS[key];
    if (!check) {
      diagnostics.push({
        message: SECRETS.includes(key)
          ? `"${key}" is a secret and does not belong in config.yaml: set AZURE_STORAGE_${key === 'connectionString' ? 'CONNECTION_STRING' : key === 'accountKey' ? 'KEY' : 'SAS_TOKEN'} in the environment instead`
          : `unknown setting "${key}" of the azure-blob backend (known: ${Object.keys(CHECKS).join(', ')})`,
        path: `configs.${key}`,
      });
      continue;
    }
    const expected = check(value);
    if (expected)
      diagnostics.push({
        message: `"${key}" must be ${expected}, received ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
        path: `configs.${key}`,
      });
  }
  if (settings['container'] === undefined)
    diagnostics.unshift({
      message:
        '"container" is required: the blob container that holds workspaces, releases and locks',
      path: 'configs.container',
    });
  const hasConnectionString = Boolean(environment['AZURE_STORAGE_CONNECTION_STRING']);
  if (
    settings['accountName'] === undefined &&
    settings['endpoint'] === undefined &&
    !hasConnectionString
  )
    diagnostics.push({
      message:
        '"accountName" or "endpoint" is required (or AZURE_STORAGE_CONNECTION_STRING in the environment)',
      path: 'configs.accountName',
    });
  if (diagnostics.length)
    throw new ConfigError(diagnostics, {
      hint: 'Fix the backend under "backends" in $KUSION_HOME/config.yaml, e.g. { type: azure-blob, configs: { accountName: kusionstate, container: state, prefix: team-a/ } }.',
    });
  const text = (key: string): string | undefined => settings[key] as string | undefined;
  return {
    container: settings['container'] as string,
    prefix: normalizePrefix(text('prefix') ?? ''),
    accountName: text('accountName'),
    endpoint: text('endpoint'),
    createContainer: (settings['createContainer'] as boolean | undefined) ?? false,
  };
}

/**
 * The Azure SDK clients a provider instance uses, built from its settings: one credential (a
 * service principal from the settings, else the standard `@azure/identity` chain), the resource
 * and deployment clients on the settings' endpoint. `caFile` adds certificates to Node's own
 * trust store for both ARM and Entra (an emulator's self-signed one); production scopes are kept.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { ProviderError } from '@kusion/sdk';
import type { ProviderSettings } from '../settings.js';

export interface AzureClients {
  readonly resources: ResourceManagementClient;
  readonly deployments: DeploymentsClient;
  readonly subscriptionId: string;
}

/** SDK retries (429 with Retry-After, 5xx, network) before an error reaches the engine. */
const MAX_RETRIES = 4;

export function createAzureClients(settings: ProviderSettings, projectDir: string): AzureClients {
  const tlsOptions = trustedCertificates(settings.caFile, projectDir);
  const credential = createCredential(settings, tlsOptions);
  const options = {
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(tlsOptions === undefined ? {} : { tlsOptions }),
    retryOptions: { maxRetries: MAX_RETRIES },
    userAgentOptions: { userAgentPrefix: 'kusion' },
  };
  return {
    resources: new ResourceManagementClient(credential, settings.subscriptionId, options),
    deployments: new DeploymentsClient(credential, settings.subscriptionId, options),
    subscriptionId: settings.subscriptionId,
  };
}

function createCredential(
  settings: ProviderSettings,
  tlsOptions: { readonly ca: string[] } | undefined,
): TokenCredential {
  const authorityHost = settings.authorityHost ?? process.env['AZURE_AUTHORITY_HOST'];
  const options = {
    ...(authorityHost === undefined ? {} : { authorityHost }),
    // A custom authority (sovereign cloud, emulator) is not one Entra's discovery knows.
    ...(authorityHost === undefined ? {} : { disableInstanceDiscovery: true }),
    ...(tlsOptions === undefined ? {} : { tlsOptions }),
  };
  if (settings.clientId !== undefined && settings.clientSecret !== undefined) {
    const tenantId = settings.tenantId ?? process.env['AZURE_TENANT_ID'];
    if (tenantId === undefined)
      throw new ProviderError('provider "azure": "clientId" and "clientSecret" need a tenant', {
        hint: 'set providers.azure.tenantId (or AZURE_TENANT_ID)',
      });
    return new ClientSecretCredential(tenantId, settings.clientId, settings.clientSecret, options);
  }
  return new DefaultAzureCredential({
    ...options,
    ...(settings.tenantId === undefined ? {} : { tenantId: settings.tenantId }),
  });
}

/** Node's root certificates plus the PEM file's, or undefined to keep the defaults. */
function trustedCertificates(
  caFile: string | undefined,
  projectDir: string,
): { readonly ca: string[] } | undefined {
  if (caFile === undefined) return undefined;
  const path = isAbsolute(caFile) ? caFile : resolve(projectDir, caFile);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ProviderError(
      `provider "azure": cannot read caFile ${path}: ${(error as Error).message}`,
      { hint: 'point providers.azure.caFile at a PEM file (relative paths start at the project)' },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ProviderError(`provider "azure": caFile ${path} holds no PEM certificate`, {
      hint: 'give a file with one or more "-----BEGIN CERTIFICATE-----" blocks',
    });
  return { ca: [...rootCertificates, pem] };
}

/**
 * `type: azure`: a storage account and one blob container in it (`@kusion/provider-azure`, one ARM
 * template deployment), encrypted (always, on Azure) and closed to anonymous reads by default.
 * The workload gets the container's name, the account's name, the account's blob endpoint — a
 * `$kusion_path` reference to `properties.primaryEndpoints.blob`, which provider-azure turns into
 * a deployment output — and the container's URL, which Kubernetes composes from the two with
 * dependent environment variables (`$(BUCKET_ENDPOINT)$(BUCKET_NAME)`), since a reference is a
 * whole value.
 */
import { createHash } from 'node:crypto';
import type { ModuleGenerateRequest, ModuleGenerateResult, Resource } from '@kusion/sdk';
import {
  accessoryName,
  appSettingError,
  azureAttribute,
  azureResource,
  kubernetesName,
  platformSettingError,
} from '@kusion/module-kit';
import type { BucketPlatformSettings, BucketSettings } from './bucket-settings.js';

const STORAGE_API_VERSION = '2023-05-01';
const ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';
/** Container names: 3–63 lower-case letters, digits and single hyphens, alphanumeric at both ends. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/;
/** Settings that only mean something on S3. */
const AWS_ONLY_SETTINGS = ['encryption', 'kmsKeyId', 'deletionPolicy'] as const;

export function generateAzureBucket(
  request: ModuleGenerateRequest,
  settings: BucketSettings,
  platform: Omit<BucketPlatformSettings, 'type'>,
  prefix: string,
): ModuleGenerateResult {
  for (const setting of AWS_ONLY_SETTINGS) {
    if (platform[setting] !== undefined)
      throw platformSettingError(
        'bucket',
        setting,
        'is an S3 setting, and this workspace says type: azure',
        setting === 'deletionPolicy'
          ? 'remove it: destroy deletes the storage account (keep data elsewhere, or leave the accessory in the app)'
          : 'remove it: Azure encrypts every storage account with Microsoft-managed keys',
      );
  }
  const accountName = platform.accountName ?? defaultAccountName(request);
  const containerName = containerNameOf(request, settings);
  const placement = { location: platform.location, resourceGroup: platform.resourceGroup };
  const isBlocked = platform.blockPublicAccess ?? true;

  const account = azureResource(ACCOUNT_TYPE, accountName, {
    apiVersion: STORAGE_API_VERSION,
    ...placement,
    sku: { name: platform.sku ?? 'Standard_LRS' },
    kind: 'StorageV2',
    properties: {
      accessTier: platform.accessTier ?? 'Hot',
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      allowBlobPublicAccess: !isBlocked,
    },
  });
  const resources: Resource[] = [account];
  if (settings.versioning) {
    resources.push(
      azureResource(`${ACCOUNT_TYPE}/blobServices`, `${accountName}/default`, {
        apiVersion: STORAGE_API_VERSION,
        resourceGroup: platform.resourceGroup,
        properties: { isVersioningEnabled: true },
      }),
    );
  }
  const container = azureResource(
    `${ACCOUNT_TYPE}/blobServices/containers`,
    `${accountName}/default/${containerName}`,
    {
      apiVersion: STORAGE_API_VERSION,
      resourceGroup: platform.resourceGroup,
      properties: { publicAccess: 'None' },
    },
  );
  resources.push(container);
  return {
    resources,
    patcher: {
      environments: [
        { name: `${prefix}NAME`, value: containerName },
        { name: `${prefix}ACCOUNT`, value: accountName },
        {
          name: `${prefix}ENDPOINT`,
          value: azureAttribute(account, 'properties.primaryEndpoints.blob'),
        },
        // Kubernetes expands `$(VAR)` from the variables defined before it in the container.
        { name: `${prefix}URL`, value: `$(${prefix}ENDPOINT)$(${prefix}NAME)` },
        // The container's ARM id (an ARN's counterpart), and the workload's edge to the container.
        { name: `${prefix}ID`, value: azureAttribute(container, 'id') },
      ],
    },
  };
}

/**
 * Storage account names are 3–24 lower-case letters and digits, unique across Azure: the first 16
 * letters and digits of `<project><stack><app><accessory>` and 8 hex digits of a hash of them
 * and the workspace, so two workspaces (or two long names) never collide.
 */
function defaultAccountName(request: ModuleGenerateRequest): string {
  const base = accessoryName(request).replace(/[^a-z0-9]/g, '');
  const hash = createHash('sha256')
    .update(`${accessoryName(request)}\u0000${request.workspace}`)
    .digest('hex')
    .slice(0, 8);
  return `${base.slice(0, 16)}${hash}`;
}

/** The app's `bucketName` when given, else the accessory's name. */
function containerNameOf(request: ModuleGenerateRequest, settings: BucketSettings): string {
  if (settings.bucketName !== undefined) {
    if (CONTAINER_NAME.test(settings.bucketName)) return settings.bucketName;
    throw appSettingError(
      request,
      ['bucketName'],
      `"${settings.bucketName}" is not a blob container name (3 to 63 lower-case letters, digits and single hyphens; no dots)`,
      'choose a name without dots or double hyphens, or leave bucketName out to use the accessory name',
    );
  }
  const name = kubernetesName(request.part.name).replace(/-{2,}/g, '-');
  return name.length >= 3 ? name : `${name}-data`;
}

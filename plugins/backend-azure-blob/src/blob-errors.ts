/**
 * Azure Storage errors as coded `BACKEND_FAILED` errors that say what failed, where, and how to
 * fix it. The service's error code (`x-ms-error-code`) decides; messages never include request
 * headers (a SAS or shared key signature).
 */
import { KusionError } from '@kusion/sdk';

interface StorageErrorShape {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly details?: { readonly errorCode?: string };
}

export function storageCode(error: unknown): string | undefined {
  const shape = error as StorageErrorShape | null;
  return shape?.details?.errorCode ?? shape?.code;
}

export function statusOf(error: unknown): number | undefined {
  return (error as StorageErrorShape | null)?.statusCode;
}

export function toBackendError(
  error: unknown,
  where: { readonly action: string; readonly target: string },
): KusionError {
  const code = storageCode(error) ?? 'Error';
  const status = statusOf(error);
  const message =
    ((error as StorageErrorShape | null)?.message ?? String(error)).split('\n')[0] ?? '';
  return new KusionError(
    'BACKEND_FAILED',
    `could not ${where.action} ${where.target}: ${code}${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`,
    { hint: hintFor(code, status) },
  );
}

function hintFor(code: string, status: number | undefined): string {
  if (code === 'ContainerNotFound')
    return 'Create the container (az storage container create), or set `createContainer: true` in the backend configs.';
  if (code === 'AuthenticationFailed' || code === 'NoAuthenticationInformation' || status === 401)
    return 'Check the storage credentials: AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN, or an Entra identity (`az login`, AZURE_CLIENT_ID...).';
  if (code.startsWith('AuthorizationPermissionMismatch') || status === 403)
    return 'The identity needs the "Storage Blob Data Contributor" role on the container.';
  if (/ENOTFOUND|ECONNREFUSED|EAI_AGAIN|REQUEST_SEND_ERROR/.test(code))
    return 'Check `accountName` / `endpoint` in the backend configs: the storage endpoint does not answer.';
  return 'Run the command again; if it persists, check the storage account.';
}

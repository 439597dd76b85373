/** What KMS answered, as a coded error that names the key and says how to fix it. */
import { KusionError } from '@kusion/sdk';

const HINTS: Readonly<Record<string, string>> = {
  NotFoundException:
    'check sealing.keyId and region in config.yaml: the key or alias does not exist where the backend looks (aws kms list-aliases)',
  DisabledException:
    'enable the key (aws kms enable-key) or rotate to another: kusion secrets rotate',
  KMSInvalidStateException:
    'the key is pending deletion or not usable: cancel the deletion (aws kms cancel-key-deletion) or wrap with another key',
  AccessDeniedException:
    'grant this identity kms:Encrypt, kms:Decrypt and kms:GenerateDataKey on the key (key policy or IAM policy)',
  IncorrectKeyException:
    'the data key was wrapped by another KMS key than the one named: run with the key it was wrapped with',
  InvalidCiphertextException:
    'the stored data key was not wrapped by this key, or was altered: restore it from an earlier object version',
  InvalidKeyUsageException: 'use a symmetric ENCRYPT_DECRYPT key',
  UnrecognizedClientException: 'check the AWS credentials this run uses',
  InvalidSignatureException: 'check the AWS credentials this run uses',
};

function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String(error.name)
    : 'Error';
}

export function kmsError(error: unknown, action: string, key: string): KusionError {
  const name = nameOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new KusionError(
    'KEY_SERVICE_FAILED',
    `AWS KMS could not ${action} the backend's data key with key ${key}: ${name}: ${detail}`,
    {
      cause: error,
      hint:
        HINTS[name] ??
        'check the key, the region and that the AWS credentials this run uses may use the key',
    },
  );
}

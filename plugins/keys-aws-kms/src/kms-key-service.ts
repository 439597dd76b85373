/**
 * AWS KMS wraps the backend's data key: GenerateDataKey makes it (AES-256, wrapped in the same
 * call), Encrypt re-wraps it on rotation, Decrypt opens it. Every call binds the wrapped key to its
 * purpose with an encryption context, so a ciphertext made for anything else never opens as a data
 * key. Only the key's ARN and the ciphertext are stored.
 */
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import type { KeyService, KeyServiceContext, WrappedKey } from '@kusion/sdk';
import { kmsError } from './kms-errors.js';
import { requireKeyId } from './settings.js';
import type { KmsSettings } from './settings.js';

export const ENCRYPTION_CONTEXT = { purpose: 'kusion-data-key' } as const;

/** Library code never prints: the SDK would write some warnings straight to the console. */
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function regionOf(keyId: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(keyId ?? '')?.[1];
}

export function createKmsKeyService(
  settings: KmsSettings,
  context: KeyServiceContext,
  client?: KMSClient,
): KeyService {
  const region =
    settings.region ??
    regionOf(settings.keyId) ??
    (context.env.AWS_REGION || context.env.AWS_DEFAULT_REGION ? undefined : 'us-east-1');
  const kms =
    client ??
    new KMSClient({
      ...(region === undefined ? {} : { region }),
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(settings.profile === undefined ? {} : { profile: settings.profile }),
      maxAttempts: 5,
      logger: silentLogger,
    });
  const named = settings.keyId ?? '(the one the data key was wrapped with)';
  return {
    description: `AWS KMS key ${named}${region ? ` (${region})` : ''}`,
    async generateDataKey({ signal }) {
      const keyId = requireKeyId(settings, context.where);
      try {
        const answer = await kms.send(
          new GenerateDataKeyCommand({
            KeyId: keyId,
            KeySpec: 'AES_256',
            EncryptionContext: ENCRYPTION_CONTEXT,
          }),
          { abortSignal: signal },
        );
        if (!answer.Plaintext || !answer.CiphertextBlob) throw new Error('the answer holds no key');
        return {
          plaintext: answer.Plaintext,
          wrapping: {
            ciphertext: Buffer.from(answer.CiphertextBlob).toString('base64'),
            parameters: { keyArn: answer.KeyId ?? keyId },
          },
        };
      } catch (error) {
        throw kmsError(error, 'generate', keyId);
      }
    },
    async wrap(plaintext, { signal }) {
      const keyId = requireKeyId(settings, context.where);
      try {
        const answer = await kms.send(
          new EncryptCommand({
            KeyId: keyId,
            Plaintext: plaintext,
            EncryptionContext: ENCRYPTION_CONTEXT,
          }),
          { abortSignal: signal },
        );
        if (!answer.CiphertextBlob) throw new Error('the answer holds no ciphertext');
        return {
          ciphertext: Buffer.from(answer.CiphertextBlob).toString('base64'),
          parameters: { keyArn: answer.KeyId ?? keyId },
        };
      } catch (error) {
        throw kmsError(error, 'wrap', keyId);
      }
    },
    async unwrap(wrapped: WrappedKey, { signal }) {
      const keyArn =
        typeof wrapped.parameters.keyArn === 'string' ? wrapped.parameters.keyArn : undefined;
      try {
        const answer = await kms.send(
          new DecryptCommand({
            CiphertextBlob: Buffer.from(wrapped.ciphertext, 'base64'),
            ...(keyArn === undefined ? {} : { KeyId: keyArn }),
            EncryptionContext: ENCRYPTION_CONTEXT,
          }),
          { abortSignal: signal },
        );
        if (!answer.Plaintext) throw new Error('the answer holds no key');
        return answer.Plaintext;
      } catch (error) {
        throw kmsError(error, 'unwrap', keyArn ?? named);
      }
    },
  };
}

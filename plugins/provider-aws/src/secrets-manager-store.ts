/**
 * The `aws` secret store: `ref://<name>[/<key>][?version=<v>]` values of a workspace's provider
 * settings and context, read from AWS Secrets Manager. `<key>` picks one property of a JSON secret;
 * `version` is a version id, or a stage such as `AWSPREVIOUS`. Values are never put in messages.
 */
import { KusionError } from '@kusion/sdk';
import type { Attributes, SecretReference, SecretStore } from '@kusion/sdk';
import { createAwsClients } from './aws-clients.js';
import { errorName, toProviderError } from './aws-errors.js';
import { parseSecretStoreSettings } from './settings.js';

export function createSecretsManagerStore(settings: Attributes): SecretStore {
  const clients = createAwsClients(parseSecretStoreSettings(settings));
  return {
    async get({ reference, signal }) {
      const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      const client = await clients.secretsManager();
      const version = reference.version;
      const isStage = version !== undefined && /^[A-Z][A-Z0-9_]*$/.test(version);
      let text: string;
      try {
        const answer = await client.send(
          new GetSecretValueCommand({
            SecretId: reference.name,
            ...(version === undefined
              ? {}
              : isStage
                ? { VersionStage: version }
                : { VersionId: version }),
          }),
          { abortSignal: signal },
        );
        text =
          answer.SecretString ??
          (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : '');
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') {
          throw new KusionError(
            'CONFIG_INVALID',
            `secret ${describeReference(reference)}: AWS Secrets Manager has no secret "${reference.name}"${version === undefined ? '' : ` with version ${version}`}`,
            {
              hint: `create it (aws secretsmanager create-secret --name ${reference.name} ...) or fix the reference; the region is secretStore.region or AWS_REGION`,
            },
          );
        }
        throw toProviderError(
          error,
          `reading secret ${describeReference(reference)} from AWS Secrets Manager`,
        );
      }
      return reference.key === undefined ? text : propertyOf(text, reference);
    },
  };
}

function propertyOf(text: string, reference: SecretReference): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KusionError(
      'CONFIG_INVALID',
      `secret ${describeReference(reference)}: "${reference.name}" is not a JSON object, so it has no property "${reference.key ?? ''}"`,
      {
        hint: `use ref://${reference.name}/ for the whole secret`,
      },
    );
  }
  const value =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)[reference.key ?? '']
      : undefined;
  if (value === undefined) {
    throw new KusionError(
      'CONFIG_INVALID',
      `secret ${describeReference(reference)}: "${reference.name}" has no property "${reference.key ?? ''}"`,
      {
        hint: 'check the key against the secret (property names are case-sensitive)',
      },
    );
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeReference(reference: SecretReference): string {
  return `ref://${reference.name}${reference.key === undefined ? '' : `/${reference.key}`}${reference.version === undefined ? '' : `?version=${reference.version}`}`;
}

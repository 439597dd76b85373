/**
 * moto 5.2.1's CloudFormation does not model `AWS::SecretsManager::Secret`: a stack "creates" one
 * without a logical or physical id, nothing lands in Secrets Manager, and a client that reads the
 * stack's resources finds none. The interposer stands in, as AWS behaves:
 *
 * - on the way to moto, each secret of a template becomes an `AWS::SSM::Parameter` (a type moto
 *   models) holding the secret's text, so the stack has a resource with a physical id in its place;
 *   the original resource rides along in the parameter's `Metadata` and `GetTemplate` gives it back;
 * - once a deployment succeeded, each secret exists in moto's Secrets Manager with that text
 *   (`GetSecretValue` answers, as it would on AWS); `DeleteStack` deletes it;
 * - `GenerateSecretString` is honoured (length, excluded characters, `SecretStringTemplate` +
 *   `GenerateStringKey`). The generated text is derived from the logical id and the secret's
 *   name, so every change set of a stack sees the same value and plans no change.
 *
 * Dynamic references (`{{resolve:secretsmanager:...}}`) are passed to moto as written: moto stores
 * them as text, which no test can tell from a resolved value.
 */
import { createHash } from 'node:crypto';
import type { ActionContext } from './action-context.ts';
import { jsonCall, UpstreamError } from './upstream.ts';

export const SECRET_TYPE = 'AWS::SecretsManager::Secret';
const ORIGINAL = 'KusionInterposerOriginal';

type TemplateResource = {
  Type?: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  [key: string]: unknown;
};
type Template = { Resources?: Record<string, TemplateResource> };

/** The secrets of a template as the client wrote it (or as moto holds it, stand-ins included). */
export function secretsOf(
  template: Template | undefined,
  stackName: string,
): { readonly logicalId: string; readonly name: string; readonly text: string }[] {
  return Object.entries(template?.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const original = originalOf(resource) ?? resource;
    if (original.Type !== SECRET_TYPE) return [];
    const properties = original.Properties ?? {};
    const name =
      typeof properties['Name'] === 'string' ? properties['Name'] : `${stackName}-${logicalId}`;
    return [{ logicalId, name, text: secretText(properties, `${logicalId}|${name}`) }];
  });
}

/** Replaces each secret by its SSM stand-in; true when the template changed. */
export function toStandIns(template: Template, stackName: string): boolean {
  const secrets = secretsOf(template, stackName);
  for (const secret of secrets) {
    const original = template.Resources?.[secret.logicalId];
    if (!original || !template.Resources) continue;
    const tags = original.Properties?.['Tags'];
    template.Resources[secret.logicalId] = {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: `/interposer/secretsmanager/${secret.name.replace(/[^A-Za-z0-9_.\-/]/g, '_')}`,
        Type: 'String',
        Value: secret.text,
        ...(Array.isArray(tags) ? { Tags: tags } : {}),
      },
      Metadata: { [ORIGINAL]: original },
      ...(original['DependsOn'] === undefined ? {} : { DependsOn: original['DependsOn'] }),
    };
  }
  return secrets.length > 0;
}

/** Puts the original secrets back in place of their stand-ins; true when the template changed. */
export function fromStandIns(template: Template): boolean {
  let changed = false;
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const original = originalOf(resource);
    if (original && template.Resources) {
      template.Resources[logicalId] = original;
      changed = true;
    }
  }
  return changed;
}

/** After a successful deployment: every secret of the template exists with its text. */
export async function createSecrets(
  context: ActionContext,
  template: Template | undefined,
  stackName: string,
): Promise<void> {
  for (const secret of secretsOf(template, stackName)) {
    try {
      await secretsManager(context, 'CreateSecret', {
        Name: secret.name,
        SecretString: secret.text,
      });
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.code !== 'ResourceExistsException')
        throw error;
      await secretsManager(context, 'PutSecretValue', {
        SecretId: secret.name,
        SecretString: secret.text,
      });
    }
  }
}

/** After a stack's deletion: its secrets are gone too. */
export async function deleteSecrets(
  context: ActionContext,
  template: Template | undefined,
  stackName: string,
): Promise<void> {
  for (const secret of secretsOf(template, stackName)) {
    try {
      await secretsManager(context, 'DeleteSecret', {
        SecretId: secret.name,
        ForceDeleteWithoutRecovery: true,
      });
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.code !== 'ResourceNotFoundException')
        throw error;
    }
  }
}

function secretsManager(context: ActionContext, action: string, input: unknown): Promise<unknown> {
  const caller = { ...context.caller, service: 'secretsmanager' };
  return jsonCall(context.upstream, caller, 'secretsmanager', `secretsmanager.${action}`, input);
}

function originalOf(resource: TemplateResource): TemplateResource | undefined {
  const original = resource.Metadata?.[ORIGINAL];
  return typeof original === 'object' && original !== null
    ? (original as TemplateResource)
    : undefined;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** `SecretString`, or what `GenerateSecretString` asks for, derived from `seed`. */
function secretText(properties: Record<string, unknown>, seed: string): string {
  if (typeof properties['SecretString'] === 'string') return properties['SecretString'];
  const options = (properties['GenerateSecretString'] ?? {}) as Record<string, unknown>;
  const excluded =
    typeof options['ExcludeCharacters'] === 'string' ? options['ExcludeCharacters'] : '';
  const classes = [
    options['ExcludeLowercase'] === true ? '' : 'abcdefghijklmnopqrstuvwxyz',
    options['ExcludeUppercase'] === true ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    options['ExcludeNumbers'] === true ? '' : '0123456789',
    options['ExcludePunctuation'] === true ? '' : PUNCTUATION,
    options['IncludeSpace'] === true ? ' ' : '',
  ].join('');
  // ASCII only: one character per code unit.
  const alphabet = Array.from({ length: classes.length }, (_, i) => classes.charAt(i)).filter(
    (char) => !excluded.includes(char),
  );
  const length = typeof options['PasswordLength'] === 'number' ? options['PasswordLength'] : 32;
  let password = '';
  for (let block = 0; password.length < length; block++) {
    for (const byte of createHash('sha256').update(`${seed}#${block}`).digest()) {
      if (password.length < length) password += alphabet[byte % alphabet.length] ?? '';
    }
  }
  const template = options['SecretStringTemplate'];
  const key = options['GenerateStringKey'];
  if (typeof template !== 'string' || typeof key !== 'string') return password;
  return JSON.stringify({ ...(JSON.parse(template) as Record<string, unknown>), [key]: password });
}

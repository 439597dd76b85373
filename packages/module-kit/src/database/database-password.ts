/**
 * The password of a local database. `generate` runs on every preview, so a random password would
 * change the Secret every time; Kusion's answer (an MD5 of the project, stack and app names) is a
 * password anyone can compute (`type: azure` uses it too, as the server's administrator password). Ours is an HMAC-SHA256 of the same names keyed by a secret of the
 * workspace (`context.databasePasswordSeed`, normally a `ref://` the engine resolves from the
 * secret store): stable across runs, different per workspace, app and accessory, and unknowable
 * without the seed. It is only ever written under `extensions.sensitivePaths`.
 */
import { createHmac } from 'node:crypto';
import type { ModuleGenerateRequest } from '@kusion/sdk';
import { KusionError } from '@kusion/sdk';
import { PASSWORD_SEED_CONTEXT_KEY } from './database-settings.js';

const MIN_SEED_LENGTH = 16;

export function derivePassword(
  request: Pick<
    ModuleGenerateRequest,
    'project' | 'stack' | 'workspace' | 'appName' | 'part' | 'context'
  >,
  engine: string,
  /** The platform type named in the error when the seed is missing. */
  platformType = 'local',
): string {
  const seed = request.context[PASSWORD_SEED_CONTEXT_KEY];
  if (typeof seed !== 'string' || seed.length < MIN_SEED_LENGTH) {
    throw new KusionError(
      'CONFIG_INVALID',
      `module ${engine} (type: ${platformType}) derives the database password from the workspace's context.${PASSWORD_SEED_CONTEXT_KEY}, which is ${
        typeof seed === 'string' ? `shorter than ${MIN_SEED_LENGTH} characters` : 'not set'
      }`,
      {
        hint: `store a random secret (\`openssl rand -base64 32\`) in the workspace's secret store, add \`context: { ${PASSWORD_SEED_CONTEXT_KEY}: ref://<its name> }\` to the workspace file and run \`kusion workspace update\``,
      },
    );
  }
  const scope = [
    engine,
    request.project,
    request.stack,
    request.workspace,
    request.appName,
    request.part.name,
  ];
  return createHmac('sha256', seed).update(scope.join('\u0000')).digest('base64url').slice(0, 32);
}

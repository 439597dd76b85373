/**
 * Which backend holds workspaces, releases and locks. The embedded default is `local`; shared
 * backends are named in `$KUSION_HOME/config.yaml` and chosen with `--backend`, `KUSION_BACKEND`,
 * or `backends.current`:
 *
 *   backends:
 *     current: team
 *     team:
 *       type: s3                 # loads @kusion/backend-s3 (or kusion-backend-s3)
 *       configs: { bucket: kusion-state, prefix: acme/, region: us-east-1 }
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KusionError, PluginLoadError } from '@kusion/sdk';
import type { Attributes, Backend } from '@kusion/sdk';
import { load } from 'js-yaml';
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createLocalBackend } from './local-backend/local-backend.js';

export const KUSION_CONFIG_FILE = 'config.yaml';

interface BackendDefinition {
  readonly type: string;
  readonly configs: Attributes;
}

export interface OpenBackendRequest {
  readonly kusionHome: string;
  readonly registry: PluginRegistry;
  /** `--backend`; else `KUSION_BACKEND`; else `backends.current`; else `local`. */
  readonly name?: string | undefined;
}

export async function openBackend(request: OpenBackendRequest): Promise<Backend> {
  const { kusionHome, registry } = request;
  const definitions = await readBackendDefinitions(kusionHome);
  const name = request.name ?? process.env.KUSION_BACKEND ?? definitions.current ?? 'local';
  const definition =
    definitions.backends.get(name) ??
    (name === 'local' ? { type: 'local', configs: {} } : undefined);
  if (!definition) {
    const known = ['local', ...definitions.backends.keys()].join(', ');
    throw new KusionError('INVALID_ARGUMENT', `backend "${name}" is not defined`, {
      hint: `define it under "backends" in ${join(kusionHome, KUSION_CONFIG_FILE)} (type and configs), or use one of: ${known}`,
    });
  }
  if (definition.type === 'local') {
    const path = typeof definition.configs.path === 'string' ? definition.configs.path : kusionHome;
    return createLocalBackend({ kusionHome: path });
  }
  if (!registry.backends.has(definition.type)) {
    const candidates = [`@kusion/backend-${definition.type}`, `kusion-backend-${definition.type}`];
    const outcome = await importPluginPackage(candidates, process.cwd(), registry);
    if ('reason' in outcome || !registry.backends.has(definition.type)) {
      throw new PluginLoadError(
        [
          {
            plugin: `backend ${name}`,
            packageName: outcome.packageName,
            reason:
              'reason' in outcome
                ? outcome.reason
                : `it registers no backend of type "${definition.type}"`,
          },
        ],
        { hint: `install ${candidates[0] ?? ''} next to the kusion CLI or in the project` },
      );
    }
  }
  const registration = registry.backends.get(definition.type);
  if (!registration) throw new KusionError('INTERNAL', `backend type ${definition.type} vanished`);
  return registration.create(definition.configs, { kusionHome });
}

async function readBackendDefinitions(
  kusionHome: string,
): Promise<{ current: string | undefined; backends: Map<string, BackendDefinition> }> {
  const file = join(kusionHome, KUSION_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { current: undefined, backends: new Map() };
    throw error;
  }
  const invalid = (why: string): KusionError =>
    new KusionError('CONFIG_INVALID', `${file}: ${why}`, {
      hint: 'backends: { current: <name>, <name>: { type: s3, configs: {...} } }',
    });
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (error) {
    throw invalid(
      error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid YAML') : 'invalid YAML',
    );
  }
  const section = (parsed as { backends?: unknown } | null | undefined)?.backends;
  if (section === undefined) return { current: undefined, backends: new Map() };
  if (typeof section !== 'object' || section === null) throw invalid('"backends" must be a map');
  const backends = new Map<string, BackendDefinition>();
  let current: string | undefined;
  for (const [name, value] of Object.entries(section)) {
    if (name === 'current') {
      if (typeof value !== 'string') throw invalid('"backends.current" must be a backend name');
      current = value;
      continue;
    }
    const entry = value as { type?: unknown; configs?: unknown } | null;
    if (typeof entry?.type !== 'string')
      throw invalid(`backend "${name}" needs a "type" (local, s3, ...)`);
    if (
      entry.configs !== undefined &&
      (typeof entry.configs !== 'object' || entry.configs === null)
    ) {
      throw invalid(`"configs" of backend "${name}" must be a map`);
    }
    backends.set(name, { type: entry.type, configs: (entry.configs ?? {}) as Attributes });
  }
  return { current, backends };
}

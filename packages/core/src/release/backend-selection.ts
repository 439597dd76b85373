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
 *       sealing: { service: aws-kms, keyId: alias/kusion }   # wraps the backend's data key
 */
import { join } from 'node:path';
import { ConfigError, KusionError, PluginLoadError } from '@kusion/sdk';
import type { Attributes, Backend, Diagnostic } from '@kusion/sdk';
import { isNotFound } from '../config/file-system.js';
import { describeValue } from '../config/schema-messages.js';
import { diagnosticAt } from '../config/source-file.js';
import type { JsonPath, SourceFile } from '../config/source-file.js';
import { readYamlSource } from '../config/yaml-source.js';
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createLocalBackend } from './local-backend/local-backend.js';

export const KUSION_CONFIG_FILE = 'config.yaml';

/** KusionStack Kusion's name for the local backend when config.yaml selects none. */
const KUSION_DEFAULT_BACKEND = 'default';

export interface BackendDefinition {
  readonly type: string;
  readonly configs: Attributes;
  /**
   * Envelope encryption of sealed secrets (`sealing:` in config.yaml): the key service that wraps
   * the backend's data key, and where it is written, for messages.
   */
  readonly sealing?: { readonly settings: Attributes; readonly where: string };
}

export interface OpenBackendRequest {
  readonly kusionHome: string;
  readonly registry: PluginRegistry;
  /** `--backend`; else `KUSION_BACKEND`; else `backends.current`; else `local`. */
  readonly name?: string | undefined;
}

export interface OpenedBackend {
  readonly backend: Backend;
  /** Its name in config.yaml (`local` when none is defined). */
  readonly name: string;
  /** Its `sealing:` configuration: which key service wraps its data key. */
  readonly sealing?: BackendDefinition['sealing'];
}

export async function openBackend(request: OpenBackendRequest): Promise<OpenedBackend> {
  const { kusionHome, registry } = request;
  const definitions = await readBackendDefinitions(kusionHome);
  const name = request.name ?? process.env.KUSION_BACKEND ?? definitions.current ?? 'local';
  // `default` is KusionStack Kusion's name of the local backend.
  const definition =
    definitions.backends.get(name) ??
    (name === 'local' || name === KUSION_DEFAULT_BACKEND
      ? { type: 'local', configs: {} }
      : undefined);
  if (!definition) {
    const known = ['local', KUSION_DEFAULT_BACKEND, ...definitions.backends.keys()].join(', ');
    throw new KusionError('INVALID_ARGUMENT', `backend "${name}" is not defined`, {
      hint: `define it under "backends" in ${join(kusionHome, KUSION_CONFIG_FILE)} (type and configs), or use one of: ${known}`,
    });
  }
  const opened = (backend: Backend): OpenedBackend => ({
    backend,
    name,
    ...(definition.sealing ? { sealing: definition.sealing } : {}),
  });
  if (definition.type === 'local') {
    const path = typeof definition.configs.path === 'string' ? definition.configs.path : kusionHome;
    return opened(createLocalBackend({ kusionHome: path }));
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
  return opened(await registration.create(definition.configs, { kusionHome }));
}

async function readBackendDefinitions(
  kusionHome: string,
): Promise<{ current: string | undefined; backends: Map<string, BackendDefinition> }> {
  const file = join(kusionHome, KUSION_CONFIG_FILE);
  let source: SourceFile;
  try {
    source = await readYamlSource(file);
  } catch (error) {
    if (isNotFound(error)) return { current: undefined, backends: new Map() };
    throw error;
  }
  // The same `file:line:column: path: problem` lines as every other configuration file.
  const problems: Diagnostic[] = [];
  const problem = (path: JsonPath, message: string): void => {
    problems.push(diagnosticAt(source, path, message));
  };
  const backends = new Map<string, BackendDefinition>();
  let current: string | undefined;
  const root = source.value;
  const section = isMap(root) ? root.backends : undefined;
  if (root !== null && root !== undefined && !isMap(root)) {
    problem([], `must be keys and values, received ${describeValue(root, true)}`);
  } else if (section !== undefined && !isMap(section)) {
    problem(['backends'], 'must be a map of backend names to { type, configs }');
  } else if (section !== undefined) {
    for (const [name, value] of Object.entries(section)) {
      if (name === 'current') {
        if (typeof value === 'string') current = value;
        else problem(['backends', name], 'must be the name of a backend defined here');
        continue;
      }
      if (!isMap(value) || typeof value.type !== 'string') {
        problem(['backends', name], 'needs a "type" (local, s3, postgres, kubernetes...)');
        continue;
      }
      if (value.configs !== undefined && !isMap(value.configs)) {
        problem(['backends', name, 'configs'], "must be a map of the backend's settings");
        continue;
      }
      if (value.sealing !== undefined && !isMap(value.sealing)) {
        problem(
          ['backends', name, 'sealing'],
          'must be a map: { service: aws-kms, keyId: ... } or { service: passphrase, passphraseEnv: ... }',
        );
        continue;
      }
      backends.set(name, {
        type: value.type,
        configs: value.configs ?? {},
        ...(value.sealing === undefined
          ? {}
          : {
              sealing: {
                settings: value.sealing,
                where: locationOf(source, ['backends', name, 'sealing']),
              },
            }),
      });
    }
  }
  if (problems.length) {
    throw new ConfigError(problems, {
      hint: 'backends: { current: <name>, <name>: { type: s3, configs: {...} } }',
    });
  }
  return { current, backends };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `config.yaml:7` of a value, for messages about it later. */
function locationOf(source: SourceFile, path: JsonPath): string {
  const location = source.locate(path);
  return location ? `${location.file}:${location.line}` : source.file;
}

/**
 * Resolves `ref://` values in a workspace's provider settings and context through the workspace's
 * secret store, so secrets live in a secret manager, never in workspace files. The built-in `env`
 * store reads environment variables; others come from plugins (`aws`: Secrets Manager).
 *
 *   ref://<name>                  the whole secret
 *   ref://<name>/<key>            one property of a JSON secret (the name may itself contain `/`)
 *   ref://<name>/                 the whole secret, for a name that contains `/`
 *   ...?version=<v>               a specific version
 */
import { KusionError, PluginLoadError, SECRET_REFERENCE_PREFIX } from '@kusion/sdk';
import type { Attributes, SecretReference, SecretStore, Workspace } from '@kusion/sdk';
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { SecretScrubber } from './secret-scrubber.js';

/** Replaces every `ref://` string in a value by the secret it names. */
export interface SecretResolver {
  (value: Attributes): Promise<Attributes>;
  /** The secret one `ref://` string names. */
  readonly resolveText: (text: string) => Promise<string>;
}

export interface SecretResolverRequest {
  readonly workspace: Workspace;
  readonly registry: PluginRegistry;
  readonly projectDir: string;
  readonly signal: AbortSignal;
  /** Learns every resolved value, so it is scrubbed from all output. */
  readonly scrubber: SecretScrubber;
}

export function createSecretResolver(request: SecretResolverRequest): SecretResolver {
  let store: Promise<SecretStore> | undefined;
  const cache = new Map<string, Promise<string>>();
  const resolveOne = (text: string): Promise<string> => {
    let value = cache.get(text);
    if (!value) {
      store ??= openSecretStore(request);
      value = store.then(async (s) => {
        const resolved = await s.get({
          reference: parseSecretReference(text),
          signal: request.signal,
        });
        request.scrubber.add(resolved);
        return resolved;
      });
      // A secret that does not exist yet (created by this very deploy) is asked again later.
      value.catch(() => cache.delete(text));
      cache.set(text, value);
    }
    return value;
  };
  const resolve = async (value: Attributes): Promise<Attributes> => {
    if (!JSON.stringify(value).includes(SECRET_REFERENCE_PREFIX)) return value;
    return (await replaceReferences(value, resolveOne)) as Attributes;
  };
  return Object.assign(resolve, { resolveText: resolveOne });
}

export function parseSecretReference(text: string): SecretReference {
  const url = text.slice(SECRET_REFERENCE_PREFIX.length);
  const [path = '', query = ''] = url.split('?', 2);
  const version = new URLSearchParams(query).get('version') ?? undefined;
  const slash = path.lastIndexOf('/');
  const reference =
    slash === -1
      ? { name: path }
      : slash === path.length - 1
        ? { name: path.slice(0, -1) }
        : { name: path.slice(0, slash), key: path.slice(slash + 1) };
  if (!reference.name) {
    throw new KusionError(
      'CONFIG_INVALID',
      `invalid secret reference "${text}": it names no secret`,
      { hint: 'write ref://<name> or ref://<name>/<key>' },
    );
  }
  return version === undefined ? reference : { ...reference, version };
}

async function replaceReferences(
  value: unknown,
  resolveOne: (text: string) => Promise<string>,
): Promise<unknown> {
  if (typeof value === 'string' && value.startsWith(SECRET_REFERENCE_PREFIX))
    return resolveOne(value);
  if (Array.isArray(value))
    return Promise.all(value.map((item) => replaceReferences(item, resolveOne)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([key, item]) => [key, await replaceReferences(item, resolveOne)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function openSecretStore(request: SecretResolverRequest): Promise<SecretStore> {
  const settings = request.workspace.secretStore;
  if (!settings) {
    throw new KusionError(
      'CONFIG_INVALID',
      `workspace "${request.workspace.name}" uses ref:// values but has no secretStore`,
      {
        hint: 'add secretStore: { provider: env } (environment variables) or { provider: aws, region: ... } to the workspace',
      },
    );
  }
  const { provider, ...storeSettings } = settings;
  if (provider === 'env') return envSecretStore;
  if (!request.registry.secretStores.has(provider)) {
    const candidates = [
      `@kusion/secretstore-${provider}`,
      `@kusion/provider-${provider}`,
      `kusion-secretstore-${provider}`,
    ];
    const outcome = await importPluginPackage(candidates, request.projectDir, request.registry);
    if ('reason' in outcome || !request.registry.secretStores.has(provider)) {
      throw new PluginLoadError([
        {
          plugin: `secret store ${provider}`,
          packageName: outcome.packageName,
          reason:
            'reason' in outcome ? outcome.reason : `it registers no secret store "${provider}"`,
        },
      ]);
    }
  }
  const registration = request.registry.secretStores.get(provider);
  if (!registration) throw new KusionError('INTERNAL', `secret store ${provider} vanished`);
  return registration.create(storeSettings);
}

/** `ref://NAME` is the environment variable NAME; `ref://NAME/key` a property of its JSON value. */
const envSecretStore: SecretStore = {
  get({ reference }) {
    const value = process.env[reference.name];
    if (value === undefined) {
      return Promise.reject(
        new KusionError(
          'CONFIG_INVALID',
          `secret ref://${reference.name}: environment variable ${reference.name} is not set`,
          {
            hint: `export ${reference.name}=... before running kusion`,
          },
        ),
      );
    }
    if (reference.key === undefined) return Promise.resolve(value);
    try {
      const property = (JSON.parse(value) as Record<string, unknown>)[reference.key];
      if (property === undefined) throw new Error('missing');
      return Promise.resolve(typeof property === 'string' ? property : JSON.stringify(property));
    } catch {
      return Promise.reject(
        new KusionError(
          'CONFIG_INVALID',
          `secret ref://${reference.name}/${reference.key}: ${reference.name} holds no JSON property "${reference.key}"`,
        ),
      );
    }
  },
};

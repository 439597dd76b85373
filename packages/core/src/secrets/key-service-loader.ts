/**
 * Finds the key service a backend's `sealing.service` names: `passphrase` is built in; any other
 * comes from a plugin already applied, else from the package `@kusion/keys-<name>` (or a third
 * party's `kusion-keys-<name>`), loaded the way backends are.
 */
import { ConfigError, PluginLoadError } from '@kusion/sdk';
import type { Attributes, KeyService, KeyServiceRegistration } from '@kusion/sdk';
import { importPluginPackage } from '../plugins/plugin-importer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { passphraseKeyService } from './passphrase-key-service.js';

export interface KeyServiceDefinition {
  /** `sealing:` of the backend in config.yaml, `service` included. */
  readonly settings: Attributes;
  /** `config.yaml:12`. */
  readonly where: string;
}

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** The service name of a definition, checked. */
export function serviceNameOf(definition: KeyServiceDefinition): string {
  const name = definition.settings.service;
  if (typeof name !== 'string' || !SERVICE_NAME.test(name)) {
    throw new ConfigError(
      [
        {
          message: `sealing.service must name a key service (aws-kms, passphrase), received ${name === undefined ? 'nothing' : JSON.stringify(name)}`,
          file: definition.where,
        },
      ],
      {
        hint: 'sealing: { service: aws-kms, keyId: alias/kusion } or { service: passphrase, passphraseEnv: KUSION_PASSPHRASE }',
      },
    );
  }
  return name;
}

async function findRegistration(
  name: string,
  registry: PluginRegistry,
): Promise<KeyServiceRegistration> {
  if (name === passphraseKeyService.name) return passphraseKeyService;
  const registered = registry.keyServices.get(name);
  if (registered) return registered;
  const candidates = [`@kusion/keys-${name}`, `kusion-keys-${name}`];
  const outcome = await importPluginPackage(candidates, process.cwd(), registry, {
    declaredIn: `key service ${name}`,
  });
  const loaded = registry.keyServices.get(name);
  if (loaded) return loaded;
  throw new PluginLoadError(
    [
      {
        plugin: `key service ${name}`,
        packageName: outcome.packageName,
        reason:
          'reason' in outcome ? outcome.reason : `it registers no key service named "${name}"`,
      },
    ],
    { hint: `install ${candidates[0] ?? ''} next to the kusion CLI, or fix sealing.service` },
  );
}

/** Creates the service a definition names, with its settings less `service`. */
export async function loadKeyService(
  definition: KeyServiceDefinition,
  registry: PluginRegistry,
): Promise<{ readonly name: string; readonly service: KeyService }> {
  const name = serviceNameOf(definition);
  const registration = await findRegistration(name, registry);
  const { service: _name, ...settings } = definition.settings;
  const service = await registration.create(settings, {
    where: definition.where,
    env: process.env,
  });
  return { name, service };
}

/**
 * The service that wrapped a stored key, when it is not the configured one (a rotation from a
 * passphrase to KMS): created with no settings, the stored key's parameters say the rest.
 */
export async function loadKeyServiceByName(
  name: string,
  where: string,
  registry: PluginRegistry,
): Promise<KeyService> {
  const registration = await findRegistration(name, registry);
  return registration.create({}, { where, env: process.env });
}

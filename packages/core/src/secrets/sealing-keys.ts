/**
 * Which keys a run seals and opens secrets with. With a `sealing:` configuration, the backend's
 * data key (shared by everyone who can reach the backend and its key service); without one, the
 * machine's key, as before. Older releases open with any key this run has: the data key,
 * `KUSION_SECRET_KEY`, `$KUSION_HOME/secret.key`. Nothing is read before a secret needs it, so a
 * run without secrets never calls the key service.
 */
import { join } from 'node:path';
import { ConfigError } from '@kusion/sdk';
import type { Backend } from '@kusion/sdk';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { obtainDataKey, rotateDataKey } from './data-key.js';
import type { DataKeyAccess, RotationResult } from './data-key.js';
import { keyIdOf } from './key-material.js';
import { loadKeyService, loadKeyServiceByName } from './key-service-loader.js';
import type { KeyServiceDefinition } from './key-service-loader.js';
import { loadMachineKey, readMachineKeys } from './secret-key.js';
import type { SealingKey } from './secret-key.js';

export interface SealingKeys {
  /** The key new seals and derived secrets use. */
  current(): Promise<SealingKey>;
  /** Every key that may open an older seal, the current one first. */
  openers(): Promise<readonly SealingKey[]>;
  /** Re-wraps the backend's data key with the configured service. */
  rotate(): Promise<RotationResult & { readonly location: string; readonly wrappedBy: string }>;
}

export interface SealingKeysOptions {
  readonly backend: Backend;
  /** The backend's name in config.yaml, for messages. */
  readonly backendName: string;
  readonly sealing?: KeyServiceDefinition | undefined;
  readonly kusionHome: string;
  readonly registry: PluginRegistry;
  readonly signal: AbortSignal;
}

export function createSealingKeys(options: SealingKeysOptions): SealingKeys {
  const { backend, backendName, sealing, kusionHome, registry, signal } = options;
  let access: Promise<{ access: DataKeyAccess; description: string }> | undefined;
  let current: Promise<SealingKey> | undefined;

  const dataKeyAccess = (definition: KeyServiceDefinition) => {
    access ??= (async () => {
      const store = backend.keys;
      if (!store) {
        throw new ConfigError(
          [
            {
              message: `backend "${backendName}" (type ${backend.name}) cannot keep a data key, so it cannot use "sealing"`,
              file: definition.where,
            },
          ],
          {
            hint: `remove "sealing" from backend "${backendName}" (secrets are then sealed with KUSION_SECRET_KEY or $KUSION_HOME/secret.key), or use a backend that keeps one (local, s3, postgres, azure-blob, kubernetes)`,
          },
        );
      }
      const { name, service } = await loadKeyService(definition, registry);
      return {
        access: {
          store,
          serviceName: name,
          service,
          serviceFor: (other: string) => loadKeyServiceByName(other, definition.where, registry),
          signal,
        },
        description: service.description,
      };
    })();
    return access;
  };

  const loadCurrent = async (): Promise<SealingKey> => {
    if (!sealing) return loadMachineKey(kusionHome);
    const { access: opened, description } = await dataKeyAccess(sealing);
    // A team that shared KUSION_SECRET_KEY (or one machine's key file) keeps its sealed releases
    // and derived passwords: that key becomes the backend's first data key.
    const key = await obtainDataKey(
      opened,
      async () => (await readMachineKeys(kusionHome))[0]?.key,
    );
    return {
      key,
      id: keyIdOf(key),
      source: `the data key of backend "${backendName}" (${opened.store.location}, wrapped by ${description})`,
    };
  };

  return {
    current: () => (current ??= loadCurrent()),
    async openers() {
      const keys = [await (current ??= loadCurrent())];
      for (const key of await readMachineKeys(kusionHome)) {
        if (!keys.some((known) => known.id === key.id)) keys.push(key);
      }
      return keys;
    },
    async rotate() {
      if (!sealing) {
        throw new ConfigError(
          [
            {
              message: `backend "${backendName}" has no "sealing" configuration: its secrets are sealed with the machine's key, which no key service wraps`,
              file: join(kusionHome, 'config.yaml'),
            },
          ],
          {
            hint: `add sealing: { service: aws-kms, keyId: alias/kusion } (or { service: passphrase, passphraseEnv: KUSION_PASSPHRASE }) to backend "${backendName}", then deploy or rotate`,
          },
        );
      }
      const { access: opened, description } = await dataKeyAccess(sealing);
      return {
        ...(await rotateDataKey(opened)),
        location: opened.store.location,
        wrappedBy: description,
      };
    },
  };
}

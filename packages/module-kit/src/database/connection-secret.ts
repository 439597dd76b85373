/**
 * How the workload reaches a database whatever runs it: one Secret in the app's namespace with
 * `host`, `port`, `username`, `password` and `database`, and a patcher giving every container of
 * the workload `DB_HOST`, `DB_PORT`, `DB_USER`, `DB_PASSWORD`, `DB_NAME` from it. The password key
 * is declared sensitive: masked in output, hashed in state, sealed in releases.
 */
import type { EnvVar, Patcher, Resource } from '@kusion/sdk';
import { kubernetesResource } from '../kubernetes-resource.js';
import { namespaceOf } from '../naming.js';
import type { ModuleGenerateRequest } from '@kusion/sdk';
import { secretKey } from './database-settings.js';

export interface ConnectionValues {
  readonly host: string;
  readonly port: string;
  readonly username: string;
  /** The password itself (local) or a `ref://` the engine resolves at apply time (cloud). */
  readonly password: string;
  readonly database: string;
}

export const CONNECTION_SENSITIVE_PATHS: readonly string[] = ['stringData.password'];

export function connectionSecret(
  request: Pick<ModuleGenerateRequest, 'project' | 'namespace'>,
  name: string,
  values: ConnectionValues,
  options: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly dependsOn?: readonly string[];
  } = {},
): Resource {
  return kubernetesResource(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: namespaceOf(request), labels: options.labels },
      type: 'Opaque',
      stringData: { ...values },
    },
    { sensitivePaths: CONNECTION_SENSITIVE_PATHS, dependsOn: options.dependsOn },
  );
}

export function connectionPatcher(secretName: string, prefix: string): Patcher {
  const variable = (name: string, key: string): EnvVar => ({
    name: `${prefix}${name}`,
    valueFrom: secretKey(secretName, key),
  });
  return {
    environments: [
      variable('HOST', 'host'),
      variable('PORT', 'port'),
      variable('USER', 'username'),
      variable('PASSWORD', 'password'),
      variable('NAME', 'database'),
    ],
  };
}

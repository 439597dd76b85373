/**
 * The `kubernetes` backend's settings (`configs:` in `$KUSION_HOME/config.yaml`), checked all at
 * once: every problem is reported together, naming the setting, what was received and what is
 * expected.
 */
import { KusionError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

export interface KubernetesBackendSettings {
  /** A kubeconfig file; default `KUBECONFIG`, then `~/.kube/config`, then in-cluster. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig instead of its current one. */
  readonly context?: string;
  /** The namespace holding Kusion's Leases and Secrets. */
  readonly namespace: string;
  /** Create the namespace when it does not exist (needs `create` on namespaces). */
  readonly createNamespace: boolean;
}

/** Where KusionStack's own components live; Kusion's state goes next to them. */
export const DEFAULT_NAMESPACE = 'kusion-system';

/** A namespace name: a DNS label (RFC 1123). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const DESCRIPTIONS = {
  kubeconfig: 'a path to a kubeconfig file ("~" works; relative paths start at $KUSION_HOME)',
  context: 'the name of a context in the kubeconfig',
  namespace: `a namespace name (lower-case letters, digits and "-", at most 63), default ${DEFAULT_NAMESPACE}`,
  createNamespace: 'true or false',
} as const;

export function parseKubernetesSettings(settings: Attributes): KubernetesBackendSettings {
  const problems: string[] = [];
  for (const key of Object.keys(settings)) {
    if (!Object.hasOwn(DESCRIPTIONS, key)) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(DESCRIPTIONS).join(', ')})`);
    }
  }
  const text = (key: 'kubeconfig' | 'context' | 'namespace'): string | undefined => {
    const value = settings[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    problems.push(`"${key}" must be ${DESCRIPTIONS[key]}, received ${describe(value)}`);
    return undefined;
  };
  const kubeconfig = text('kubeconfig');
  const context = text('context');
  const namespace = text('namespace') ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE.test(namespace) || namespace.length > 63) {
    problems.push(`"namespace" must be ${DESCRIPTIONS.namespace}, received ${describe(namespace)}`);
  }
  const createNamespace = settings['createNamespace'] ?? false;
  if (typeof createNamespace !== 'boolean') {
    problems.push(
      `"createNamespace" must be ${DESCRIPTIONS.createNamespace}, received ${describe(createNamespace)}`,
    );
  }
  if (problems.length) {
    throw new KusionError(
      'CONFIG_INVALID',
      `invalid kubernetes backend settings: ${problems.join('; ')}`,
      {
        hint: `fix backends.<name>.configs in $KUSION_HOME/config.yaml, e.g. { kubeconfig: ~/.kube/config, context: prod, namespace: ${DEFAULT_NAMESPACE} }`,
      },
    );
  }
  return {
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    namespace,
    createNamespace: createNamespace === true,
  };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return `${JSON.stringify(value)} (${Array.isArray(value) ? 'a list' : `a ${typeof value}`})`;
}

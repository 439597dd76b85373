/**
 * Where the connection comes from: the `kubeconfig` setting, else `KUBECONFIG`, else
 * `~/.kube/config`, else the in-cluster service account (a CI job running in a Pod), with the
 * `context` setting choosing the context.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { KubernetesBackendSettings } from '../settings.js';
import { KubeConfig } from './client-node.js';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  /** Where it came from, for messages: a path or `in-cluster service account`. */
  readonly source: string;
}

function configError(message: string, hint: string, cause?: unknown): KusionError {
  return new KusionError('CONFIG_INVALID', `kubernetes backend: ${message}`, { hint, cause });
}

/** `kusionHome` anchors a relative `kubeconfig` (config.yaml lives there). */
export function loadKubeConfig(
  settings: KubernetesBackendSettings,
  kusionHome: string,
): LoadedKubeConfig {
  const kubeConfig = new KubeConfig();
  const source = loadInto(kubeConfig, settings, kusionHome);
  if (settings.context !== undefined) {
    if (!kubeConfig.getContextObject(settings.context)) {
      const known = kubeConfig.getContexts().map((context) => context.name);
      throw configError(
        `context "${settings.context}" is not in the kubeconfig (${source})`,
        known.length ? `use one of: ${known.join(', ')}` : 'the kubeconfig defines no contexts',
      );
    }
    kubeConfig.setCurrentContext(settings.context);
  }
  if (!kubeConfig.getCurrentCluster()?.server) {
    throw configError(
      `the kubeconfig (${source}) has no cluster for context "${kubeConfig.getCurrentContext()}"`,
      'set backends.<name>.configs.context to a context whose cluster has a server address',
    );
  }
  return { kubeConfig, source };
}

function loadInto(
  kubeConfig: KubeConfig,
  settings: KubernetesBackendSettings,
  kusionHome: string,
): string {
  const fromFile = (path: string, source = path): string => {
    try {
      kubeConfig.loadFromFile(path);
    } catch (error) {
      throw configError(
        `cannot read the kubeconfig ${source}: ${error instanceof Error ? error.message : String(error)}`,
        'check that it is a valid kubeconfig (YAML with clusters, users and contexts)',
        error,
      );
    }
    return source;
  };
  if (settings.kubeconfig !== undefined) {
    const path = resolvePath(settings.kubeconfig, kusionHome);
    if (!existsSync(path)) {
      throw configError(
        `kubeconfig file not found: ${path}`,
        'fix backends.<name>.configs.kubeconfig in $KUSION_HOME/config.yaml (relative paths start at $KUSION_HOME)',
      );
    }
    return fromFile(path);
  }
  const fromEnvironment = process.env['KUBECONFIG'];
  if (fromEnvironment) {
    try {
      kubeConfig.loadFromDefault();
    } catch (error) {
      throw configError(
        `cannot read the kubeconfig KUBECONFIG=${fromEnvironment}: ${error instanceof Error ? error.message : String(error)}`,
        'check that KUBECONFIG names valid kubeconfig files',
        error,
      );
    }
    return `KUBECONFIG=${fromEnvironment}`;
  }
  const fromHome = join(homedir(), '.kube', 'config');
  if (existsSync(fromHome)) return fromFile(fromHome);
  if (existsSync(IN_CLUSTER_TOKEN)) {
    kubeConfig.loadFromCluster();
    return 'in-cluster service account';
  }
  throw configError(
    'no kubeconfig found: none in the settings, KUBECONFIG is not set and ~/.kube/config does not exist',
    'set backends.<name>.configs.kubeconfig in $KUSION_HOME/config.yaml, or export KUBECONFIG',
  );
}

/** `~` and `~/x` expand to the home folder; relative paths start at `base`. */
export function resolvePath(path: string, base: string): string {
  const expanded =
    path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

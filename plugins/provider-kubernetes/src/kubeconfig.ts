/**
 * Where the connection comes from: the `kubeconfig` file or the inline `kubeconfigContent` of the
 * settings, else `KUBECONFIG`, else `~/.kube/config`, else the in-cluster service account, with
 * the `context` setting choosing the context.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from './client/client-node.js';
import { ProviderError } from '@kusion/sdk';
import type { KubernetesSettings } from './settings.js';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  /** Where it came from, for messages: a path, `kubeconfigContent`, `in-cluster`. */
  readonly source: string;
  /** The context's namespace, or `default`. */
  readonly defaultNamespace: string;
}

export function loadKubeConfig(settings: KubernetesSettings, projectDir: string): LoadedKubeConfig {
  const kubeConfig = new KubeConfig();
  const source = loadInto(kubeConfig, settings, projectDir);
  if (settings.context !== undefined) {
    if (!kubeConfig.getContextObject(settings.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      throw new ProviderError(
        `context "${settings.context}" is not in the kubeconfig (${source})`,
        {
          hint: known.length
            ? `use one of: ${known.join(', ')}`
            : 'the kubeconfig defines no contexts',
        },
      );
    }
    kubeConfig.setCurrentContext(settings.context);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new ProviderError(
      `the kubeconfig (${source}) has no cluster for context "${kubeConfig.getCurrentContext()}"`,
      {
        hint: 'set providers.kubernetes.context to a context whose cluster has a server address',
      },
    );
  }
  const namespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  return { kubeConfig, source, defaultNamespace: namespace || 'default' };
}

function loadInto(
  kubeConfig: KubeConfig,
  settings: KubernetesSettings,
  projectDir: string,
): string {
  if (settings.kubeconfigContent !== undefined) {
    attempt('kubeconfigContent', () => {
      kubeConfig.loadFromString(settings.kubeconfigContent ?? '');
    });
    return 'kubeconfigContent';
  }
  if (settings.kubeconfig !== undefined) {
    const path = resolvePath(settings.kubeconfig, projectDir);
    if (!existsSync(path)) {
      throw new ProviderError(`kubeconfig file not found: ${path}`, {
        hint: 'fix providers.kubernetes.kubeconfig in the workspace (relative paths start at the project folder)',
      });
    }
    attempt(path, () => {
      kubeConfig.loadFromFile(path);
    });
    return path;
  }
  const fromEnvironment = process.env['KUBECONFIG'];
  if (fromEnvironment) {
    attempt(`KUBECONFIG=${fromEnvironment}`, () => {
      kubeConfig.loadFromDefault();
    });
    return `KUBECONFIG=${fromEnvironment}`;
  }
  const fromHome = join(homedir(), '.kube', 'config');
  if (existsSync(fromHome)) {
    attempt(fromHome, () => {
      kubeConfig.loadFromFile(fromHome);
    });
    return fromHome;
  }
  if (existsSync(IN_CLUSTER_TOKEN)) {
    kubeConfig.loadFromCluster();
    return 'in-cluster service account';
  }
  throw new ProviderError(
    'no kubeconfig found: none in the settings, KUBECONFIG is not set and ~/.kube/config does not exist',
    {
      hint: 'set providers.kubernetes.kubeconfig (or kubeconfigContent) in the workspace, or export KUBECONFIG',
    },
  );
}

/** `~` and `~/x` expand to the home folder; relative paths start at the project folder. */
export function resolvePath(path: string, projectDir: string): string {
  const expanded =
    path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(projectDir, expanded);
}

function attempt(source: string, load: () => void): void {
  try {
    load();
  } catch (error) {
    const reason = describeLoadError(error, source === 'kubeconfigContent');
    throw new ProviderError(`cannot read the kubeconfig (${source}): ${reason}`, {
      hint: 'check that it is a valid kubeconfig (YAML with clusters, users and contexts)',
      cause: error,
    });
  }
}

/** Inline content may hold credentials: YAML errors quote the source, so say only where it broke. */
function describeLoadError(error: unknown, isInline: boolean): string {
  if (!isInline) return error instanceof Error ? error.message : String(error);
  const line = (error as { mark?: { line?: unknown } } | null)?.mark?.line;
  return typeof line === 'number' ? `invalid YAML at line ${line + 1}` : 'not a valid kubeconfig';
}

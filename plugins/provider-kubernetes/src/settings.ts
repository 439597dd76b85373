/**
 * The workspace settings `providers.kubernetes`, checked in `configure`: every problem is reported
 * together, each naming the setting, what was received and what is expected.
 */
import { ProviderError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

export interface KubernetesSettings {
  /** Path of a kubeconfig file, as written (resolved later against the project folder). */
  readonly kubeconfig?: string | undefined;
  /** Context to use instead of the kubeconfig's current context. */
  readonly context?: string | undefined;
  /** A whole kubeconfig, inline (e.g. resolved from the secret store). */
  readonly kubeconfigContent?: string | undefined;
}

const DESCRIPTIONS: Readonly<Record<keyof KubernetesSettings, string>> = {
  kubeconfig: 'a path to a kubeconfig file ("~" and paths relative to the project folder work)',
  context: 'the name of a context in the kubeconfig',
  kubeconfigContent: 'a kubeconfig as YAML text',
};

export function parseSettings(settings: Attributes): KubernetesSettings {
  const problems: string[] = [];
  const parsed: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!Object.hasOwn(DESCRIPTIONS, key)) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(DESCRIPTIONS).join(', ')})`);
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(
        `"${key}" must be ${DESCRIPTIONS[key as keyof KubernetesSettings]}, received ${describe(value)}`,
      );
      continue;
    }
    parsed[key] = value;
  }
  if (parsed['kubeconfig'] !== undefined && parsed['kubeconfigContent'] !== undefined) {
    problems.push(
      '"kubeconfig" and "kubeconfigContent" cannot both be set: choose the file or the inline content',
    );
  }
  if (problems.length) {
    throw new ProviderError(`invalid settings for provider "kubernetes": ${problems.join('; ')}`, {
      hint: 'fix providers.kubernetes in the workspace, e.g. { kubeconfig: "~/.kube/config", context: "kind-dev" }',
    });
  }
  return parsed;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return `${JSON.stringify(value)} (${Array.isArray(value) ? 'a list' : `a ${typeof value}`})`;
}

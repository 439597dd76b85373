/**
 * The Kubernetes namespace of a stack's apps, as Kusion chooses it: the project's name, unless the
 * stack's or else the project's `kubernetesNamespace` extension names another. The engine
 * generates the Namespace itself, once, for the apps that have Kubernetes objects.
 */
import { kubernetesResourceId } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';
import type { ProjectFile, StackFile } from '../config/project-files.js';

const EXTENSION = 'kubernetesNamespace';

export function appNamespace(project: ProjectFile, stack: StackFile): string {
  return namespaceIn(stack.extensions) ?? namespaceIn(project.extensions) ?? project.name;
}

/** Ours, `{ kubernetesNamespace: { namespace } }`, or Kusion's `[{ kind: kubernetesNamespace, kubernetesNamespace: { namespace } }]`. */
function namespaceIn(extensions: ProjectFile['extensions']): string | undefined {
  if (Array.isArray(extensions)) {
    for (const extension of extensions as unknown[]) {
      if (property(extension, 'kind') === EXTENSION)
        return nonEmpty(property(property(extension, EXTENSION), 'namespace'));
    }
    return undefined;
  }
  return nonEmpty(property(property(extensions, EXTENSION), 'namespace'));
}

export function namespaceResource(name: string): Resource {
  const attributes = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  return { id: kubernetesResourceId(attributes), type: 'Kubernetes', attributes };
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

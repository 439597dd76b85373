/**
 * `k8s_manifest`: raw Kubernetes manifests of the project as resources of the Spec, as Kusion's
 * module reads them — the app's `paths` plus the platform's, files and folders — with Kusion's ids
 * (`apiVersion:Kind:namespace:name`) and each object exactly as written (an object without a
 * namespace goes where the kubeconfig's context says). Unlike Kusion, the order is stable (paths as
 * listed, folder files by name) and two files defining one object are an error naming both.
 */
import { ConfigError } from '@kusion/sdk';
import type {
  Diagnostic,
  ModuleGenerateRequest,
  ModuleGenerateResult,
  Resource,
} from '@kusion/sdk';
import { appSettingError, kubernetesResource } from '@kusion/module-kit';
import type { KubernetesManifest } from '@kusion/module-kit';
import { readManifests } from './read-manifests.js';

export async function generateK8sManifest(
  request: ModuleGenerateRequest,
): Promise<ModuleGenerateResult> {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the k8s_manifest module generates an accessory of an app, not its workload',
    );
  }
  const own = (request.part.value['paths'] as readonly string[] | undefined) ?? [];
  const platform = (request.platform['paths'] as readonly string[] | undefined) ?? [];
  const paths = [...new Set([...own, ...platform])];
  if (paths.length === 0) {
    throw appSettingError(
      request,
      ['paths'],
      'no file or folder to read',
      'list manifests, e.g. paths: [manifests/]',
    );
  }
  const { manifests, problems } = await readManifests(request.projectDir, paths);
  const seen = new Map<string, string>();
  const resources: Resource[] = [];
  const duplicates: Diagnostic[] = [];
  for (const { manifest, where } of manifests) {
    const resource = kubernetesResource(manifest as unknown as KubernetesManifest);
    const first = seen.get(resource.id);
    if (first !== undefined) {
      duplicates.push({ message: `${where}: ${resource.id} is already defined at ${first}` });
      continue;
    }
    seen.set(resource.id, where);
    resources.push(resource);
  }
  if (problems.length || duplicates.length) {
    throw new ConfigError([...problems, ...duplicates], {
      hint: 'fix the manifests named above (each document needs apiVersion, kind and metadata.name; each object is defined once)',
    });
  }
  return { resources };
}

/**
 * `ref://<name>/<key>` values inside resource attributes — an external workload secret, or what a
 * module generates (a Kubernetes Secret whose password lives in AWS Secrets Manager). The engine
 * resolves them through the workspace's secret store when it plans and when it applies, and treats
 * each such path as sensitive: masked in every output, hashed in state, sealed in the release's
 * stored Spec; each resolved value is scrubbed from all text. The Spec itself keeps the reference.
 *
 * A Kubernetes Secret written by KusionStack Kusion keeps its references base64-encoded in `data`
 * (Kusion stores `[]byte("ref://...")`); those are found and resolved too, and stay base64.
 */
import {
  declaredSensitivePaths,
  formatAttributePath,
  SECRET_REFERENCE_PREFIX,
  SENSITIVE_PATHS_EXTENSION,
  setAtPath,
} from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';

export interface SecretSite {
  readonly path: readonly (string | number)[];
  readonly text: string;
  /** `base64` for Kusion's encoded references in a Secret's `data`. */
  readonly encoding: 'plain' | 'base64';
}

/** Every secret reference in a resource's attributes, depth first. */
export function findSecretSites(resource: Pick<Resource, 'type' | 'attributes'>): SecretSite[] {
  const sites: SecretSite[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      if (value.startsWith(SECRET_REFERENCE_PREFIX))
        sites.push({ path: [...path], text: value, encoding: 'plain' });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(resource.attributes, []);
  if (isKubernetesSecret(resource)) {
    const data = resource.attributes.data;
    for (const [key, encoded] of Object.entries(isRecord(data) ? data : {})) {
      if (typeof encoded !== 'string') continue;
      const text = Buffer.from(encoded, 'base64').toString('utf8');
      if (text.startsWith(SECRET_REFERENCE_PREFIX))
        sites.push({ path: ['data', key], text, encoding: 'base64' });
    }
  }
  return sites;
}

/**
 * The Spec's resources with every path holding a secret reference added to their declared
 * sensitive paths, so that plan, state and release treat the resolved values as secrets.
 */
export function markSecretSites(resources: readonly Resource[]): Resource[] {
  return resources.map((resource) => {
    const sites = findSecretSites(resource);
    if (!sites.length) return resource;
    const declared = declaredSensitivePaths(resource);
    const paths = [
      ...new Set([...declared, ...sites.map((site) => formatAttributePath(site.path))]),
    ];
    return {
      ...resource,
      extensions: { ...resource.extensions, [SENSITIVE_PATHS_EXTENSION]: paths },
    };
  });
}

export interface ResolvedSecrets {
  readonly attributes: Attributes;
  /** Paths (formatted) whose secret could not be read yet: left as references. */
  readonly unresolvedPaths: readonly string[];
}

/**
 * Replaces the references by their secrets. With `tolerate`, a secret that cannot be read is left
 * as its reference and its path reported (planning a resource whose secret this deploy creates);
 * without, the store's error is thrown.
 */
export async function resolveSecretSites(
  resource: Pick<Resource, 'type' | 'attributes'>,
  resolveText: (text: string) => Promise<string>,
  options: { readonly tolerate: boolean },
): Promise<ResolvedSecrets> {
  const sites = findSecretSites(resource);
  if (!sites.length) return { attributes: resource.attributes, unresolvedPaths: [] };
  const copy = structuredClone(resource.attributes) as Record<string, unknown>;
  const unresolvedPaths: string[] = [];
  for (const site of sites) {
    let value: string;
    try {
      value = await resolveText(site.text);
    } catch (error) {
      if (!options.tolerate) throw error;
      unresolvedPaths.push(formatAttributePath(site.path));
      continue;
    }
    setAtPath(
      copy,
      site.path,
      site.encoding === 'base64' ? Buffer.from(value).toString('base64') : value,
    );
  }
  return { attributes: copy, unresolvedPaths };
}

function isKubernetesSecret(resource: Pick<Resource, 'type' | 'attributes'>): boolean {
  return (
    resource.type === 'Kubernetes' &&
    resource.attributes.kind === 'Secret' &&
    resource.attributes.apiVersion === 'v1'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

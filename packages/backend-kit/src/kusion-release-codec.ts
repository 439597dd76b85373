/**
 * KusionStack Kusion's release records, in every Kusion backend (local, s3, oss, google) the same
 * two kinds of YAML file in a folder per project and workspace:
 *
 * ```
 * .metadata.yml      { latestRevision, releaseMetaDatas: [{ revision, stack }] }
 * <revision>.yaml    { project, workspace, revision, stack, spec, state, phase, createTime, modifiedTime }
 * ```
 *
 * (kusion `pkg/engine/release/storages/util.go`: `releasesMetaData`, whose `releaseMetaData` has no
 * yaml tags, so yaml.v3 writes `revision` and `stack`; `pkg/apis/api.kusion.io/v1/types.go`:
 * `Release`.) Kusion numbers revisions per project and workspace, all stacks together, from 1.
 *
 * Parsed into our release shape: values at sensitive paths are replaced by the salted hash our own
 * state keeps, so a Kusion release never prints a secret and hashes like the engine's.
 */
import { createFieldMatcher, declaredSensitivePaths, formatAttributePath } from '@kusion/sdk';
import type { Attributes, Release, ReleasePhase, ReleaseScope, Resource } from '@kusion/sdk';
import { isRecord, kusionCorruptError, parseKusionDocument } from './kusion-document.js';
import { hashSensitive } from './sensitive-hash.js';
import type { StoredRecordPlace } from './stored-record.js';

export interface KusionReleasesMetadata {
  /** Never below a listed revision: Kusion's next one is `latestRevision + 1`. */
  readonly latestRevision: number;
  /** In the order Kusion recorded them. */
  readonly releases: readonly { readonly revision: number; readonly stack: string }[];
}

/** The name of a Kusion release in its folder. */
export function kusionReleaseName(revision: number): string {
  return `${revision}.yaml`;
}

export async function parseKusionReleasesMetadata(
  text: string,
  place: StoredRecordPlace,
): Promise<KusionReleasesMetadata> {
  const value = await parseKusionDocument(text, place);
  if (value.releaseMetaDatas !== undefined && !Array.isArray(value.releaseMetaDatas)) {
    throw kusionCorruptError(place, '"releaseMetaDatas" is not a list');
  }
  const list = (value.releaseMetaDatas ?? []) as unknown[];
  const releases = list.flatMap((item) =>
    isRecord(item) && isRevision(item.revision) && typeof item.stack === 'string'
      ? [{ revision: item.revision, stack: item.stack }]
      : [],
  );
  const latest = isRevision(value.latestRevision) ? value.latestRevision : 0;
  return {
    latestRevision: Math.max(latest, ...releases.map((release) => release.revision)),
    releases,
  };
}

/** Kusion's revisions of one stack, oldest first. */
export function kusionStackRevisions(metadata: KusionReleasesMetadata, stack: string): number[] {
  return metadata.releases
    .filter((release) => release.stack === stack)
    .map((release) => release.revision)
    .sort((a, b) => a - b);
}

/** The stacks Kusion recorded releases of, in the order it first did. */
export function kusionStacks(metadata: KusionReleasesMetadata): string[] {
  return [...new Set(metadata.releases.map((release) => release.stack))];
}

/**
 * Whether Kusion took the revision in this project and workspace (whatever the stack): ours are
 * never recorded under one.
 */
export function isKusionRevisionTaken(metadata: KusionReleasesMetadata, revision: number): boolean {
  return (
    revision <= metadata.latestRevision ||
    metadata.releases.some((release) => release.revision === revision)
  );
}

/** A Kusion release in our shape; it must be the release its place says it is. */
export async function parseKusionRelease(
  text: string,
  place: StoredRecordPlace,
  expected: ReleaseScope & { readonly revision: number },
): Promise<Release> {
  const value = await parseKusionDocument(text, place);
  for (const key of ['project', 'workspace', 'stack', 'revision'] as const) {
    if (value[key] !== expected[key]) {
      throw kusionCorruptError(
        place,
        `its ${key} is ${JSON.stringify(value[key])}, expected ${JSON.stringify(expected[key])}`,
      );
    }
  }
  const spec = isRecord(value.spec) ? value.spec : {};
  const state = isRecord(value.state) ? value.state : {};
  const createdAt = timestamp(value.createTime);
  const phase = ourPhase(value.phase);
  return {
    project: expected.project,
    workspace: expected.workspace,
    stack: expected.stack,
    revision: expected.revision,
    // Kusion records no operation: a release is a deploy (its destroy leaves an empty state).
    operation: 'deploy',
    phase,
    spec: {
      resources: hiddenSecrets(resourcesOf(spec.resources, place, 'spec')),
      ...(isRecord(spec.secretStore) ? { secretStore: spec.secretStore } : {}),
      ...(isRecord(spec.context) ? { context: spec.context } : {}),
    },
    state: { resources: hiddenSecrets(resourcesOf(state.resources, place, 'state')) },
    createdAt,
    modifiedAt: timestamp(value.modifiedTime) || createdAt,
    user: 'kusion',
    host: '',
    ...(phase === 'failed' && value.phase !== 'failed'
      ? { error: `recorded by Kusion in phase "${String(value.phase)}": its run never finished` }
      : {}),
  };
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Kusion's final phases are ours; one still `generating`, `previewing`, `applying` or
 * `destroying` is a run that never finished, which we show failed (and never rewrite).
 */
function ourPhase(phase: unknown): ReleasePhase {
  return phase === 'succeeded' ? 'succeeded' : 'failed';
}

function resourcesOf(value: unknown, place: StoredRecordPlace, where: string): Resource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kusionCorruptError(place, `"${where}.resources" is not a list`);
  return value.map((item, index) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.type !== 'string') {
      throw kusionCorruptError(place, `"${where}.resources[${index}]" has no id or type`);
    }
    return {
      id: item.id,
      type: item.type,
      attributes: isRecord(item.attributes) ? item.attributes : {},
      ...(Array.isArray(item.dependsOn)
        ? { dependsOn: item.dependsOn.filter((id): id is string => typeof id === 'string') }
        : {}),
      ...(isRecord(item.extensions) ? { extensions: item.extensions } : {}),
    };
  });
}

/** What Kusion's Kubernetes runtime keeps secret, as our Kubernetes provider does. */
const KUBERNETES_SECRET_PATHS = ['data.*', 'stringData.*'];

/**
 * Kusion records Terraform resources with the values Terraform returned, in clear, and without the
 * provider schema that says which are sensitive. Without the schema, keys that name a secret are
 * taken as one (`password`, `master_password`, `client_secret`, `auth_token`, `private_key_pem`...),
 * and the `result` of a `random_password`: a few harmless values may be hidden, a database
 * password of Kusion's mysql/postgres modules never shows.
 */
const TERRAFORM_SECRET_KEY = /password|secret|token|private_key/i;
const TERRAFORM_SECRET_RESULTS: Readonly<Record<string, readonly string[]>> = {
  random_password: ['result', 'bcrypt_hash'],
};

function terraformSecretPaths(resource: Resource): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (TERRAFORM_SECRET_KEY.test(key)) paths.push(formatAttributePath([...path, key]));
        else walk(item, [...path, key]);
      }
    }
  };
  walk(resource.attributes, []);
  const resourceType = resource.extensions?.resourceType;
  const results = typeof resourceType === 'string' ? TERRAFORM_SECRET_RESULTS[resourceType] : [];
  return [...paths, ...(results ?? [])];
}

function sensitivePathsOf(resource: Resource): string[] {
  const paths = [...declaredSensitivePaths(resource)];
  if (resource.type === 'Kubernetes' && resource.attributes.kind === 'Secret') {
    paths.push(...KUBERNETES_SECRET_PATHS);
  }
  if (resource.type === 'Terraform') paths.push(...terraformSecretPaths(resource));
  return paths;
}

function hiddenSecrets(resources: readonly Resource[]): Resource[] {
  return resources.map((resource) => {
    const paths = sensitivePathsOf(resource);
    if (!paths.length) return resource;
    const attributes: Attributes = hashSensitive(
      resource.id,
      resource.attributes,
      createFieldMatcher(paths),
    );
    return { ...resource, attributes };
  });
}

/** Kusion writes RFC 3339 with an offset (`2024-05-10T16:48:00+08:00`); ours are UTC ISO-8601. */
function timestamp(value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined) return '';
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

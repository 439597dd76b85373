/**
 * Releases KusionStack Kusion wrote under the same `$KUSION_HOME`, read in place and never
 * written:
 *
 * ```
 * <home>/releases/<project>/<workspace>/.metadata.yml   { latestRevision, releaseMetaDatas: [{ revision, stack }] }
 * <home>/releases/<project>/<workspace>/<revision>.yaml { project, workspace, revision, stack, spec, state, phase, createTime, modifiedTime }
 * ```
 *
 * Kusion numbers revisions per project and workspace (all stacks together), so ours continue after
 * its latest: a revision Kusion recorded is never taken again. Values at sensitive paths
 * (a Kubernetes Secret's `data`, `extensions.sensitivePaths`) are replaced by the salted hash our
 * own state keeps, so a Kusion release never prints a secret.
 */
import { join } from 'node:path';
import { releaseScopeSegments } from '@kusion/backend-kit';
import { createFieldMatcher, declaredSensitivePaths, KusionError } from '@kusion/sdk';
import type { Release, ReleasePhase, ReleaseScope, Resource } from '@kusion/sdk';
import { load } from 'js-yaml';
import { hashSensitive } from '../../plan/sensitive-hash.js';
import { readTextIfExists } from './atomic-file.js';

const METADATA_FILE = '.metadata.yml';

/** What Kusion's Kubernetes runtime keeps secret, as our Kubernetes provider does. */
const SECRET_PATHS = ['data.*', 'stringData.*'];

export interface KusionReleaseReader {
  /** Kusion's revisions of the stack, oldest first. */
  revisions(scope: ReleaseScope): Promise<readonly number[]>;
  /** Every revision Kusion recorded in the project and workspace, whatever the stack. */
  isTaken(scope: ReleaseScope, revision: number): Promise<boolean>;
  get(scope: ReleaseScope, revision: number): Promise<Release | undefined>;
  /** The stacks Kusion recorded releases of in a project and workspace. */
  stacks(scope: Omit<ReleaseScope, 'stack'>): Promise<readonly string[]>;
}

interface KusionMetadata {
  readonly latestRevision: number;
  readonly releases: readonly { readonly revision: number; readonly stack: string }[];
}

export function createKusionReleaseReader(home: string): KusionReleaseReader {
  const directory = (scope: Omit<ReleaseScope, 'stack'>): string => {
    const [project, workspace] = releaseScopeSegments({ ...scope, stack: 'any' });
    return join(home, 'releases', project, workspace);
  };

  async function metadata(scope: Omit<ReleaseScope, 'stack'>): Promise<KusionMetadata | undefined> {
    const file = join(directory(scope), METADATA_FILE);
    const text = await readTextIfExists(file);
    return text === undefined ? undefined : parseMetadata(text, file);
  }

  return {
    async stacks(scope) {
      const found = await metadata(scope);
      return [...new Set((found?.releases ?? []).map((release) => release.stack))];
    },
    async revisions(scope) {
      const found = await metadata(scope);
      return (found?.releases ?? [])
        .filter((release) => release.stack === scope.stack)
        .map((release) => release.revision)
        .sort((a, b) => a - b);
    },
    async isTaken(scope, revision) {
      const found = await metadata(scope);
      if (!found) return false;
      return (
        revision <= found.latestRevision ||
        found.releases.some((release) => release.revision === revision)
      );
    },
    async get(scope, revision) {
      const found = await metadata(scope);
      const entry = found?.releases.find((release) => release.revision === revision);
      if (entry?.stack !== scope.stack) return undefined;
      const file = join(directory(scope), `${revision}.yaml`);
      const text = await readTextIfExists(file);
      return text === undefined
        ? undefined
        : parseKusionRelease(text, file, { ...scope, revision });
    },
  };
}

function parseMetadata(text: string, file: string): KusionMetadata {
  const value = parseYaml(text, file);
  const list = Array.isArray(value.releaseMetaDatas) ? (value.releaseMetaDatas as unknown[]) : [];
  const releases = list.flatMap((item) =>
    isRecord(item) && typeof item.revision === 'number' && typeof item.stack === 'string'
      ? [{ revision: item.revision, stack: item.stack }]
      : [],
  );
  const latest = typeof value.latestRevision === 'number' ? value.latestRevision : 0;
  return {
    latestRevision: Math.max(latest, ...releases.map((release) => release.revision)),
    releases,
  };
}

/** A Kusion release in our shape; its scope must be the one its file says. */
export function parseKusionRelease(
  text: string,
  file: string,
  expected: ReleaseScope & { readonly revision: number },
): Release {
  const value = parseYaml(text, file);
  for (const key of ['project', 'workspace', 'stack', 'revision'] as const) {
    if (value[key] !== expected[key]) {
      throw corrupt(
        file,
        `its ${key} is ${JSON.stringify(value[key])}, expected ${JSON.stringify(expected[key])}`,
      );
    }
  }
  const spec = isRecord(value.spec) ? value.spec : {};
  const state = isRecord(value.state) ? value.state : {};
  const createdAt = timestamp(value.createTime);
  return {
    project: expected.project,
    workspace: expected.workspace,
    stack: expected.stack,
    revision: expected.revision,
    // Kusion records no operation: a release is a deploy (its destroy leaves an empty state).
    operation: 'deploy',
    phase: ourPhase(value.phase),
    spec: {
      resources: hiddenSecrets(resourcesOf(spec.resources, file, 'spec')),
      ...(isRecord(spec.secretStore) ? { secretStore: spec.secretStore } : {}),
      ...(isRecord(spec.context) ? { context: spec.context } : {}),
    },
    state: { resources: hiddenSecrets(resourcesOf(state.resources, file, 'state')) },
    createdAt,
    modifiedAt: timestamp(value.modifiedTime) || createdAt,
    user: 'kusion',
    host: '',
    ...(ourPhase(value.phase) === 'failed' && value.phase !== 'failed'
      ? { error: `recorded by Kusion in phase "${String(value.phase)}": its run never finished` }
      : {}),
  };
}

/**
 * Kusion's final phases are ours; one still `generating`, `previewing`, `applying` or
 * `destroying` is a run that never finished, which we show failed (and never rewrite).
 */
function ourPhase(phase: unknown): ReleasePhase {
  return phase === 'succeeded' ? 'succeeded' : 'failed';
}

function resourcesOf(value: unknown, file: string, where: string): Resource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw corrupt(file, `"${where}.resources" is not a list`);
  return value.map((item, index) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.type !== 'string') {
      throw corrupt(file, `"${where}.resources[${index}]" has no id or type`);
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

function hiddenSecrets(resources: readonly Resource[]): Resource[] {
  return resources.map((resource) => {
    const paths = [
      ...declaredSensitivePaths(resource),
      ...(resource.type === 'Kubernetes' && resource.attributes.kind === 'Secret'
        ? SECRET_PATHS
        : []),
    ];
    if (!paths.length) return resource;
    const matcher = createFieldMatcher(paths);
    return { ...resource, attributes: hashSensitive(resource.id, resource.attributes, matcher) };
  });
}

/** Kusion writes RFC 3339 with an offset (`2024-05-10T16:48:00+08:00`); ours are UTC ISO-8601. */
function timestamp(value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined) return '';
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

function parseYaml(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    throw corrupt(file, `not valid YAML (${(error as Error).message})`, error);
  }
  if (!isRecord(value)) throw corrupt(file, 'not a YAML mapping');
  return value;
}

function corrupt(file: string, problem: string, cause?: unknown): KusionError {
  return new KusionError('STATE_CORRUPT', `${file} (written by Kusion) is unreadable: ${problem}`, {
    ...(cause === undefined ? {} : { cause }),
    hint: 'restore it from a backup, or move the folder away to start the history anew',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What the providers will refuse, caught at generate time: duplicate ids, a Kubernetes id that is
 * not `apiVersion:Kind:namespace:name` of its manifest, an AWS resource that is not one
 * CloudFormation resource under `aws:<Type>:<name>`, and references or `dependsOn` naming a
 * resource nobody generates.
 */
import { KUSION_PATH_PREFIX, kubernetesResourceId } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';

const AWS_KEYS = new Set(['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy']);

/** Every problem, one line each; `knownIds` are resources of the rest of the Spec (the workload). */
export function checkResources(
  resources: readonly Resource[],
  knownIds: Iterable<string> = [],
): string[] {
  const problems: string[] = [];
  const ids = new Set<string>(knownIds);
  for (const resource of resources) {
    if (ids.has(resource.id)) problems.push(`${resource.id}: the id is used twice`);
    ids.add(resource.id);
  }
  problems.push(...logicalIdCollisions(resources));
  for (const resource of resources) {
    const say = (message: string): void => {
      problems.push(`${resource.id}: ${message}`);
    };
    if (resource.type === 'Kubernetes') kubernetesProblems(resource).forEach(say);
    if (resource.type === 'AWS') awsProblems(resource).forEach(say);
    for (const dependency of resource.dependsOn ?? []) {
      if (!ids.has(dependency)) say(`dependsOn names "${dependency}", which is not generated`);
    }
    for (const reference of referencesIn(resource.attributes)) {
      if (![...ids].some((id) => reference.startsWith(`${KUSION_PATH_PREFIX}${id}.`)))
        say(`"${reference}" references no generated resource`);
    }
    const sensitive = resource.extensions?.['sensitivePaths'];
    if (
      sensitive !== undefined &&
      (!Array.isArray(sensitive) || sensitive.some((p) => typeof p !== 'string'))
    )
      say('extensions.sensitivePaths must be a list of attribute paths');
  }
  return problems;
}

function kubernetesProblems(resource: Resource): string[] {
  const { apiVersion, kind, metadata } = resource.attributes as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  if (
    typeof apiVersion !== 'string' ||
    typeof kind !== 'string' ||
    typeof metadata?.name !== 'string'
  )
    return ['a Kubernetes resource needs apiVersion, kind and metadata.name'];
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const expected = kubernetesResourceId({
    apiVersion,
    kind,
    metadata: { name: metadata.name, namespace },
  });
  return resource.id === expected ? [] : [`the id of this manifest is "${expected}"`];
}

function awsProblems(resource: Resource): string[] {
  const type = resource.attributes['Type'];
  const problems: string[] = [];
  if (typeof type !== 'string' || !/^AWS::\w+::\w+$/.test(type))
    return ['an AWS resource needs attributes.Type, e.g. AWS::S3::Bucket'];
  if (!resource.id.startsWith(`aws:${type}:`) || resource.id.length === `aws:${type}:`.length)
    problems.push(`the id must be aws:${type}:<name>`);
  const unknown = Object.keys(resource.attributes).filter((key) => !AWS_KEYS.has(key));
  if (unknown.length)
    problems.push(`attributes ${unknown.join(', ')} are not part of a CloudFormation resource`);
  return problems;
}

function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith(KUSION_PATH_PREFIX) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(referencesIn);
  return [];
}

/**
 * `@kusion/provider-aws` deploys a stack's AWS resources as one template whose logical ids are
 * the last `:` segment of each id in PascalCase (`orders-dlq` → `OrdersDlq`); two that meet there
 * are refused, so names must differ in their letters and digits.
 */
function logicalIdCollisions(resources: readonly Resource[]): string[] {
  const owners = new Map<string, string[]>();
  for (const resource of resources) {
    if (resource.type !== 'AWS') continue;
    const name = resource.id.slice(resource.id.lastIndexOf(':') + 1);
    const logicalId = name
      .split(/[^A-Za-z0-9]+/)
      .filter((word) => word !== '')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('');
    owners.set(logicalId, [...(owners.get(logicalId) ?? []), resource.id]);
  }
  return [...owners]
    .filter(([, ids]) => ids.length > 1)
    .map(
      ([logicalId, ids]) =>
        `${ids.join(', ')}: all become CloudFormation logical id "${logicalId}"; give each a different last id segment`,
    );
}

/**
 * KusionStack Kusion's observational commands, read from the latest release of every stack:
 * `project list` (projects with releases, by workspace), `resource show --id` (a resource's spec
 * and state) and `resource graph` (resources by category with their dependencies), across
 * workspaces. Ours and releases Kusion wrote in the same backend alike.
 */
import { KusionError } from '@kusion/sdk';
import { yaml } from '../config/yaml-source.js';
import type { Backend, Release, ReleaseScope, Resource, ResourceState } from '@kusion/sdk';
import { findProjectDir, PROJECT_FILE } from '../config/project-files.js';
import { withEngine } from './engine-context.js';
import type { EngineOptions } from './engine-context.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProjectListing {
  /** Project → the workspaces it has releases in. */
  readonly projects: Readonly<Record<string, readonly string[]>>;
}

export interface ResourceSelection extends EngineOptions {
  /** Default: the project of the current folder. */
  readonly project?: string | undefined;
  /** Default: the current workspace; `all` every workspace with releases. */
  readonly workspaces?: readonly string[] | 'all' | undefined;
  readonly workdir?: string | undefined;
}

export interface ShownResource {
  readonly id: string;
  readonly project: string;
  readonly workspace: string;
  readonly stack: string;
  readonly revision: number;
  readonly spec: Resource | undefined;
  readonly state: ResourceState | undefined;
}

/** Kusion's `v1.Graph`, one per workspace. */
export interface KusionGraph {
  readonly Project: string;
  readonly Workspace: string;
  readonly Resources: {
    readonly WorkloadResources: Record<string, GraphResource>;
    readonly DependencyResources: Record<string, GraphResource>;
    readonly OtherResources: Record<string, GraphResource>;
  };
}

export interface GraphResource {
  readonly ID: string;
  readonly Type: string;
  readonly Name: string;
  readonly CloudResourceID: string;
  readonly Status: string;
  readonly Dependents: string[];
  readonly Dependencies: string[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export function listProjects(
  options: EngineOptions & { readonly workspaces?: readonly string[] | 'all' | undefined },
): Promise<ProjectListing> {
  return withEngine(options, async ({ backend }) => {
    const scopes = await scopesOf(backend, {});
    // Kusion's default: the current workspace; `all` every one.
    const wanted = options.workspaces?.length
      ? options.workspaces
      : [(await backend.workspaces.getCurrent()) ?? 'default'];
    const projects: Record<string, string[]> = {};
    for (const scope of scopes) {
      if (wanted !== 'all' && !wanted.includes(scope.workspace)) continue;
      const list = (projects[scope.project] ??= []);
      if (!list.includes(scope.workspace)) list.push(scope.workspace);
    }
    return { projects };
  });
}

/** The resource with this id in the latest releases of the project in the workspace. */
export function showResource(
  options: ResourceSelection & { readonly id: string },
): Promise<ShownResource> {
  return withEngine(options, async ({ backend }) => {
    const project = await projectName(options);
    const [workspace] = await workspacesOf(backend, project, options.workspaces);
    if (workspace === undefined) throw noReleases(project, options.workspaces);
    for (const { scope, release } of await latestReleases(backend, project, workspace)) {
      const spec = release.spec.resources.find((resource) => resource.id === options.id);
      const state = release.state.resources.find((resource) => resource.id === options.id);
      if (spec || state) {
        return { id: options.id, ...scope, revision: release.revision, spec, state };
      }
    }
    throw new KusionError(
      'RESOURCE_NOT_FOUND',
      `no resource with id ${JSON.stringify(options.id)} in project ${project}, workspace ${workspace}`,
      { hint: 'list the ids with `kusion resource graph`' },
    );
  });
}

/** Kusion's resource graph of the project, one per workspace. */
export function resourceGraph(options: ResourceSelection): Promise<readonly KusionGraph[]> {
  return withEngine(options, async ({ backend }) => {
    const project = await projectName(options);
    const workspaces = await workspacesOf(backend, project, options.workspaces);
    if (!workspaces.length) throw noReleases(project, options.workspaces);
    const graphs: KusionGraph[] = [];
    for (const workspace of workspaces) {
      const releases = await latestReleases(backend, project, workspace);
      graphs.push(
        graphOf(
          project,
          workspace,
          releases.map(({ release }) => release),
        ),
      );
    }
    return graphs;
  });
}

function graphOf(project: string, workspace: string, releases: readonly Release[]): KusionGraph {
  const resources = releases.flatMap((release) =>
    release.state.resources.map((resource) => ({ resource, release })),
  );
  const dependents = new Map<string, string[]>();
  for (const { resource } of resources) {
    for (const dependency of resource.dependsOn ?? []) {
      const list = dependents.get(dependency) ?? [];
      list.push(resource.id);
      dependents.set(dependency, list);
    }
  }
  const graph: KusionGraph = {
    Project: project,
    Workspace: workspace,
    Resources: { WorkloadResources: {}, DependencyResources: {}, OtherResources: {} },
  };
  for (const { resource, release } of resources) {
    const entry: GraphResource = {
      ID: resource.id,
      Type: resourceKind(resource),
      Name: resourceName(resource),
      CloudResourceID: cloudId(resource),
      Status: release.phase === 'succeeded' ? 'Apply succeeded' : 'Apply failed',
      Dependents: dependents.get(resource.id) ?? [],
      Dependencies: [...(resource.dependsOn ?? [])],
    };
    const kind = resource.attributes.kind;
    const category =
      resource.extensions?.['kusion.io/is-workload'] === true ||
      (typeof kind === 'string' && WORKLOAD_KINDS.has(kind))
        ? 'WorkloadResources'
        : entry.Dependents.length > 0
          ? 'DependencyResources'
          : 'OtherResources';
    graph.Resources[category][resource.id] = entry;
  }
  return graph;
}

/** `apps/v1:Deployment` for Kubernetes, `hashicorp:aws:aws_sqs_queue` for Terraform, else the type. */
function resourceKind(resource: Resource): string {
  const parts = resource.id.split(':');
  if (resource.type === 'Kubernetes' && parts.length >= 3) return parts.slice(0, 2).join(':');
  if (parts.length >= 4) return parts.slice(0, -1).join(':');
  return resource.type;
}

function resourceName(resource: Resource): string {
  const metadata = resource.attributes.metadata as { name?: unknown } | undefined;
  if (typeof metadata?.name === 'string') return metadata.name;
  return resource.id.split(':').at(-1) ?? resource.id;
}

function cloudId(resource: Resource): string {
  for (const key of ['arn', 'id', 'url', 'QueueUrl', 'Arn']) {
    const value = resource.attributes[key];
    if (typeof value === 'string') return value;
  }
  return '';
}

async function latestReleases(
  backend: Backend,
  project: string,
  workspace: string,
): Promise<{ scope: ReleaseScope; release: Release }[]> {
  const found: { scope: ReleaseScope; release: Release }[] = [];
  for (const scope of await scopesOf(backend, { project, workspace })) {
    const release = await backend.releases.latest(scope);
    if (release) found.push({ scope, release });
  }
  return found;
}

async function workspacesOf(
  backend: Backend,
  project: string,
  wanted: readonly string[] | 'all' | undefined,
): Promise<string[]> {
  const withReleases = [...new Set((await scopesOf(backend, { project })).map((s) => s.workspace))];
  if (wanted === 'all') return withReleases;
  const names = wanted?.length ? wanted : [(await backend.workspaces.getCurrent()) ?? 'default'];
  return names.filter((name) => withReleases.includes(name));
}

async function scopesOf(
  backend: Backend,
  filter: { project?: string; workspace?: string },
): Promise<readonly ReleaseScope[]> {
  if (!backend.releases.scopes) {
    throw new KusionError(
      'NOT_SUPPORTED',
      `the ${backend.name} backend cannot list the projects it holds releases of`,
      {
        hint: 'run it against the local backend (--backend local), or use `kusion release list` in a stack folder',
      },
    );
  }
  return backend.releases.scopes(filter);
}

async function projectName(options: ResourceSelection): Promise<string> {
  if (options.project) return options.project;
  const dir = await findProjectDir(options.workdir ?? process.cwd());
  if (dir === undefined) {
    throw new KusionError(
      'PROJECT_NOT_FOUND',
      'no project given and no project.yaml here or above',
      {
        hint: 'pass --project <name>, or run inside a project folder',
      },
    );
  }
  const written = yaml().parse(await readFile(join(dir, PROJECT_FILE), 'utf8')) as {
    name?: unknown;
  } | null;
  if (typeof written?.name !== 'string') {
    throw new KusionError('CONFIG_INVALID', `${join(dir, PROJECT_FILE)} names no project`, {
      hint: 'write `name: <project>` in it',
    });
  }
  return written.name;
}

function noReleases(project: string, wanted: readonly string[] | 'all' | undefined): KusionError {
  const where =
    wanted === 'all'
      ? 'any workspace'
      : wanted?.length
        ? `workspace ${wanted.join(', ')}`
        : 'the current workspace';
  return new KusionError('RELEASE_NOT_FOUND', `project ${project} has no release in ${where}`, {
    hint: 'deploy it first, pass --workspace, or list projects with `kusion project list --all`',
  });
}

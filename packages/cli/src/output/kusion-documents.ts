/**
 * KusionStack Kusion's JSON documents (`-o json`), so scripts written for Kusion keep working:
 *
 * - preview → `models.Changes`: `{ stepKeys: [id...], changeSteps: { <id>: { id, action, from, to } } }`,
 *   `action` one of `UnChanged`, `Create`, `Update`, `Delete` (our `Replace` is an `Update` to Kusion),
 *   `from` the planned resource and `to` the live one, as Kusion fills them; sensitive values masked;
 * - release show → `v1.Release`: `{ project, workspace, revision, stack, spec, state, phase,
 *   createTime, modifiedTime }`;
 * - version → `{ releaseVersion, buildInfo }`.
 */
import { createFieldMatcher, declaredSensitivePaths, maskSensitive } from '@kusion/sdk';
import type { ChangeAction, Plan, Release, Resource } from '@kusion/sdk';

type KusionAction = 'UnChanged' | 'Create' | 'Update' | 'Delete';

export interface KusionChangeStep {
  readonly id: string;
  readonly action: KusionAction;
  readonly from?: Resource;
  readonly to?: Resource;
}

export interface KusionChanges {
  readonly stepKeys?: readonly string[];
  readonly changeSteps?: Readonly<Record<string, KusionChangeStep>>;
}

const ACTIONS: Readonly<Record<ChangeAction, KusionAction>> = {
  UnChanged: 'UnChanged',
  Create: 'Create',
  Update: 'Update',
  Replace: 'Update',
  Delete: 'Delete',
};

/** Kusion's preview document; empty lists are left out, as Go's `omitempty` does. */
export function kusionChanges(plan: Plan): KusionChanges {
  const stepKeys = plan.changes.map((change) => change.id);
  if (!stepKeys.length) return {};
  const changeSteps: Record<string, KusionChangeStep> = {};
  for (const change of plan.changes) {
    const from = change.action === 'Delete' ? undefined : change.desired;
    const to = change.prior;
    changeSteps[change.id] = {
      id: change.id,
      action: ACTIONS[change.action],
      ...(from ? { from: masked(from, to) } : {}),
      ...(to ? { to: masked(stripState(to), to) } : {}),
    };
  }
  return { stepKeys, changeSteps };
}

/** Kusion's `v1.Release`. Our records are already masked, hashed or sealed where secret. */
export function kusionRelease(release: Release): Record<string, unknown> {
  return {
    project: release.project,
    workspace: release.workspace,
    revision: release.revision,
    stack: release.stack,
    spec: release.spec,
    state: { resources: release.state.resources.map(stripState) },
    phase: release.phase,
    createTime: release.createdAt,
    modifiedTime: release.modifiedAt,
  };
}

export function kusionVersion(versions: {
  readonly cli: string;
  readonly node: string;
}): Record<string, unknown> {
  return {
    releaseVersion: versions.cli,
    buildInfo: {
      goVersion: '',
      GOOS: process.platform,
      GOARCH: process.arch,
      numCPU: 0,
      compiler: `node ${versions.node}`,
    },
  };
}

/** A Kubernetes Secret's data, and every path a resource or its state calls sensitive. */
function masked(resource: Resource, state: Resource | undefined): Resource {
  const paths = new Set([
    ...declaredSensitivePaths(resource),
    ...((state as { sensitivePaths?: readonly string[] } | undefined)?.sensitivePaths ?? []),
    ...(resource.type === 'Kubernetes' && resource.attributes.kind === 'Secret'
      ? ['data.*', 'stringData.*']
      : []),
  ]);
  if (!paths.size) return resource;
  return {
    ...resource,
    attributes: maskSensitive(
      resource.attributes,
      createFieldMatcher(paths),
    ) as Resource['attributes'],
  };
}

/** Our state's own fields (sensitive paths, pending operations) are not Kusion's. */
function stripState(
  resource: Resource & { sensitivePaths?: unknown; pending?: unknown },
): Resource {
  const { sensitivePaths: _paths, pending: _pending, ...rest } = resource;
  return rest;
}

/**
 * `Project`: created under a folder or organization with a permanent, globally unique project id;
 * display name and labels updated with a field mask; a new parent is a move. Deleting a project
 * does not remove it: it goes to DELETE_REQUESTED (shut down, purged after 30 days), which `read`
 * treats as gone and `apply` undoes with UndeleteProject — the id cannot be used again anyway.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Attributes } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import type { protos } from '@google-cloud/resource-manager';
import { orAbsent } from '../client/absent.js';
import { readCall } from '../client/calls.js';
import { operationResult } from '../client/operations.js';
import { failureError } from '../client/provider-errors.js';
import { asRpcFailure, Status } from '../client/rpc-errors.js';
import { defined, recordAt, stringAt, withoutEmpty } from '../model/attributes.js';
import { container, labels, projectDisplayName, projectId } from '../model/fields.js';
import { idName } from '../model/kinds.js';
import { isKnownString } from '../model/names.js';
import { runOperation } from './kind-handler.js';
import type { ChangeContext, Found, KindContext, KindHandler } from './kind-handler.js';

type ProjectMessage = protos.google.cloud.resourcemanager.v3.IProject;

/** Project ids are taken for ever: the message says what that means for the user. */
export const PROJECT_ID_TAKEN_HINT =
  'project ids are unique across all of Google Cloud and never reused, even after deletion: choose another projectId';

export const projectHandler: KindHandler = {
  kind: 'Project',
  fields: {
    projectId: {
      check: projectId,
      description: 'the permanent, globally unique id (default: the last part of the resource id)',
    },
    displayName: { check: projectDisplayName, description: 'the name shown in the console' },
    parent: {
      check: container,
      description: 'the folder or organization (default: providers.gcp.parent)',
    },
    labels: { check: labels, description: 'labels (managed as a whole when set)' },
  },

  desired(id, attributes, settings) {
    return defined({
      kind: 'Project',
      projectId: stringAt(attributes, 'projectId') ?? idName(id),
      displayName: attributes['displayName'],
      parent: attributes['parent'] ?? settings.parent,
      labels: attributes['labels'],
    });
  },

  canonicalize: (desired) => Promise.resolve(desired),

  async lookup(identity, context) {
    const name = stringAt(identity, 'name');
    const id = stringAt(identity, 'projectId');
    const target = isKnownString(name) ? name : isKnownString(id) ? `projects/${id}` : undefined;
    if (!target) return undefined;
    const project = await getProject(target, context);
    return project && found(project);
  },

  immutable: [{ field: 'projectId', why: 'a project id is permanent' }],

  async apply(desired, existing, context) {
    const id = stringAt(desired, 'projectId') ?? '';
    let current = existing;
    if (!current) return createProject(desired, context);
    if (current.isDeleting) current = await undeleteProject(current, context);
    const name = stringAt(current.live, 'name') ?? `projects/${id}`;
    const mask: string[] = [];
    if ('displayName' in desired && differs(desired, current.live, 'displayName'))
      mask.push('display_name');
    if ('labels' in desired && differs(desired, current.live, 'labels')) mask.push('labels');
    if (mask.length) {
      context.report(`updating ${mask.join(', ')}`);
      await runOperation(context, `updating project "${id}"`, () =>
        context.run.clients.projects.updateProject({
          project: {
            name,
            displayName: stringAt(desired, 'displayName') ?? '',
            labels: recordAt(desired, 'labels') ?? {},
          },
          updateMask: { paths: mask },
        }),
      );
    }
    const parent = stringAt(desired, 'parent');
    if (parent !== undefined && parent !== stringAt(current.live, 'parent')) {
      context.report(`moving to ${parent}`);
      await runOperation(context, `moving project "${id}" to ${parent}`, () =>
        context.run.clients.projects.moveProject({ name, destinationParent: parent }),
      );
    }
    return reread(name, context);
  },

  async delete(recorded, context) {
    const name = stringAt(recorded, 'name') ?? `projects/${stringAt(recorded, 'projectId') ?? ''}`;
    const id = stringAt(recorded, 'projectId') ?? name;
    const project = await getProject(name, context);
    if (!project || project.state !== 'ACTIVE') return;
    const doing = `deleting project "${id}" (${name})`;
    try {
      await runOperation(context, doing, () =>
        context.run.clients.projects.deleteProject({ name }),
      );
    } catch (error) {
      const failure = asRpcFailure(error);
      const liens = failure?.violations.filter((violation) => violation.type === 'LIEN') ?? [];
      if (failure?.code !== Status.FAILED_PRECONDITION || !liens.length) throw error;
      throw failureError(
        failure,
        { resourceId: context.resourceId, doing },
        `if this stack manages the lien (a gcp:Lien resource), remove that resource in the same deploy; otherwise delete it (\`gcloud alpha resource-manager liens delete ${liens[0]?.subject ?? '<name>'}\`) and deploy again`,
        `a lien blocks the deletion: ${liens.map((lien) => lien.subject).join(', ')}`,
      );
    }
    context.report('scheduled for deletion (DELETE_REQUESTED): purged after 30 days');
  },
};

async function getProject(name: string, context: KindContext): Promise<ProjectMessage | undefined> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.projects.getProject({ name }), context.signal),
  );
  return answer?.[0];
}

function found(project: ProjectMessage): Found {
  return {
    live: normalizeProject(project),
    ...(project.state === 'ACTIVE' ? {} : { isDeleting: true }),
  };
}

export function normalizeProject(project: ProjectMessage): Attributes {
  return withoutEmpty({
    kind: 'Project',
    name: project.name,
    projectId: project.projectId,
    displayName: project.displayName,
    parent: project.parent,
    labels: project.labels ?? {},
  });
}

async function createProject(desired: Attributes, context: ChangeContext): Promise<Attributes> {
  const id = stringAt(desired, 'projectId') ?? '';
  const doing = `creating project "${id}"`;
  try {
    const operation = await runOperation(context, doing, () =>
      context.run.clients.projects.createProject({
        project: defined({
          projectId: id,
          displayName: stringAt(desired, 'displayName'),
          parent: stringAt(desired, 'parent'),
          labels: recordAt(desired, 'labels'),
        }),
      }),
    );
    return await reread(
      stringAt(operationResult(operation) ?? {}, 'name') ?? `projects/${id}`,
      context,
    );
  } catch (error) {
    const failure = asRpcFailure(error);
    if (failure?.code !== Status.ALREADY_EXISTS) throw error;
    throw failureError(
      failure,
      { resourceId: context.resourceId, doing },
      PROJECT_ID_TAKEN_HINT,
      'the id is taken by a project you cannot see, or by one deleted in the last 30 days',
    );
  }
}

async function undeleteProject(current: Found, context: ChangeContext): Promise<Found> {
  const name = stringAt(current.live, 'name') ?? '';
  context.report('undeleting (it was scheduled for deletion)');
  await runOperation(
    context,
    `undeleting project "${stringAt(current.live, 'projectId') ?? name}"`,
    () => context.run.clients.projects.undeleteProject({ name }),
  );
  return { live: current.live };
}

async function reread(name: string, context: KindContext): Promise<Attributes> {
  const project = await getProject(name, context);
  if (!project)
    throw new ProviderError(`project ${name} cannot be read back after it was written`, {
      resourceId: context.resourceId,
      hint: 'the caller may lack resourcemanager.projects.get on it: grant roles/browser on the project or its parent',
    });
  return normalizeProject(project);
}

function differs(desired: Attributes, live: Attributes, field: string): boolean {
  return !isDeepStrictEqual(withoutEmpty(desired)[field], live[field]);
}

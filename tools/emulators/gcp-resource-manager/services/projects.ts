/**
 * google.cloud.resourcemanager.v3.Projects: projects named `projects/{number}` with a unique,
 * immutable `project_id` (also accepted in place of the number, as GCP does), ACTIVE until
 * DeleteProject marks them DELETE_REQUESTED (still readable, hidden from List/Search unless asked),
 * and a lien with the restriction `resourcemanager.projects.delete` blocking deletion.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import { aborted, alreadyExists, failedPrecondition, missingField } from '../rpc-error.ts';
import { compileQuery } from '../search-query.ts';
import type { FolderRecord, OrganizationRecord, ProjectRecord } from '../store.ts';
import { newEtag, PROJECT_DELETE_RESTRICTION } from '../store.ts';
import { maskPaths } from '../update-mask.ts';
import { checkLabels, checkProjectDisplayName, checkProjectId } from '../validation.ts';
import { timestamp, type FieldMask, type Paged, type Timestamp } from '../wire-types.ts';
import { V3, type Backend } from './backend.ts';
import { iamMethods } from './iam-methods.ts';

interface ProjectMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly project_id?: string;
  readonly state?: string;
  readonly display_name?: string;
  readonly create_time?: Timestamp;
  readonly update_time?: Timestamp;
  readonly delete_time?: Timestamp;
  readonly etag?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

interface NameRequest {
  readonly name?: string;
}
interface ListProjectsRequest extends Paged {
  readonly parent?: string;
  readonly show_deleted?: boolean;
}
interface SearchProjectsRequest extends Paged {
  readonly query?: string;
}
interface CreateProjectRequest {
  readonly project?: ProjectMessage;
}
interface UpdateProjectRequest {
  readonly project?: ProjectMessage;
  readonly update_mask?: FieldMask;
}
interface MoveProjectRequest {
  readonly name?: string;
  readonly destination_parent?: string;
}

const PROJECT = `${V3}.Project`;

function projectMessage(project: ProjectRecord): ProjectMessage {
  return {
    name: project.name,
    ...(project.parent ? { parent: project.parent } : {}),
    project_id: project.projectId,
    state: project.state,
    ...(project.displayName ? { display_name: project.displayName } : {}),
    create_time: timestamp(project.createTime),
    update_time: timestamp(project.updateTime),
    ...(project.deleteTime ? { delete_time: timestamp(project.deleteTime) } : {}),
    etag: project.etag,
    labels: project.labels,
  };
}

export function projectsService(backend: Backend): ServiceImplementation {
  const { store, access, policies } = backend;

  const activeContainer = (
    name: string | undefined,
    permission: string,
    field: string,
  ): FolderRecord | OrganizationRecord => {
    const container = access.container(name, permission, field);
    if (container.state !== 'ACTIVE') {
      throw failedPrecondition(`${container.name} is in state ${container.state}.`, [
        { type: 'PARENT_DELETED', subject: container.name, description: 'The parent is deleted.' },
      ]);
    }
    return container;
  };
  const activeProject = (name: string | undefined, permission: string): ProjectRecord => {
    const project = access.project(name, permission);
    if (project.state !== 'ACTIVE') {
      throw failedPrecondition(
        `Project ${project.name} is in state ${project.state} and cannot be changed; undelete it first.`,
      );
    }
    return project;
  };
  const touch = (project: ProjectRecord): ProjectMessage => {
    project.updateTime = new Date();
    project.etag = newEtag();
    return projectMessage(project);
  };

  const getProject: Handler<NameRequest> = (request) =>
    projectMessage(access.project(request.name, 'resourcemanager.projects.get'));

  const listProjects: Handler<ListProjectsRequest> = (request) => {
    const parent = access.container(request.parent, 'resourcemanager.projects.list');
    const projects = [...store.projects.values()]
      .filter(
        (project) =>
          project.parent === parent.name &&
          access.isVisible(project.name) &&
          (request.show_deleted === true || project.state === 'ACTIVE'),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.name.localeCompare(b.name));
    const page = paginate(projects, request);
    return { projects: page.items.map(projectMessage), ...page.next };
  };

  const searchProjects: Handler<SearchProjectsRequest> = (request) => {
    const query = compileQuery(request.query, searchFields, 'OR');
    const mentionsState = query.fields.has('state') || query.fields.has('lifecyclestate');
    const projects = [...store.projects.values()].filter(
      (project) =>
        access.isAllowed(project.name, 'resourcemanager.projects.get') &&
        (mentionsState || project.state === 'ACTIVE') &&
        query.matches(project),
    );
    const page = paginate(projects, request);
    return { projects: page.items.map(projectMessage), ...page.next };
  };

  const createProject: Handler<CreateProjectRequest> = (request, context) => {
    const project = request.project;
    if (!project) throw missingField('project');
    const projectId = checkProjectId(project.project_id, 'project.project_id');
    const displayName = project.display_name ?? '';
    checkProjectDisplayName(displayName, 'project.display_name');
    const labels = { ...project.labels };
    checkLabels(labels, 'project.labels');
    const parent = project.parent
      ? activeContainer(project.parent, 'resourcemanager.projects.create', 'project.parent').name
      : '';
    // Ids are unique across all of GCP and never reused, deleted or not, visible or not.
    if (store.isProjectIdTaken(projectId)) throw alreadyExists();
    const createTime = new Date();
    return context.startOperation({
      metadataType: `${V3}.CreateProjectMetadata`,
      metadata: (isDone) => ({ create_time: timestamp(createTime), gettable: true, ready: isDone }),
      responseType: PROJECT,
      commit: () => {
        const created: ProjectRecord = {
          name: `projects/${store.nextNumber('project')}`,
          projectId,
          parent,
          displayName,
          labels,
          state: 'ACTIVE',
          createTime,
          updateTime: createTime,
          deleteTime: undefined,
          etag: newEtag(),
        };
        store.projects.set(created.name, created);
        policies.set(
          created.name,
          { bindings: [{ role: 'roles/owner', members: [backend.callerIdentity] }] },
          undefined,
          false,
        );
        return projectMessage(created);
      },
    });
  };

  const updateProject: Handler<UpdateProjectRequest> = (request, context) => {
    const update = request.project;
    if (!update) throw missingField('project');
    const project = activeProject(update.name, 'resourcemanager.projects.update');
    if (update.etag && update.etag !== project.etag)
      throw aborted(`The etag of ${project.name} does not match: it was changed concurrently.`);
    const paths = maskPaths(request.update_mask, ['display_name', 'labels']);
    // Without a mask the fields the request sets are updated; clearing them needs a mask.
    const isSet = {
      display_name: Boolean(update.display_name),
      labels: Object.keys(update.labels ?? {}).length > 0,
    };
    const isUpdated = (field: keyof typeof isSet) =>
      paths?.length ? paths.includes(field) : isSet[field];
    const displayName = isUpdated('display_name')
      ? (update.display_name ?? '')
      : project.displayName;
    const labels = isUpdated('labels') ? { ...update.labels } : project.labels;
    checkProjectDisplayName(displayName, 'project.display_name');
    checkLabels(labels, 'project.labels');
    return context.startOperation({
      metadataType: `${V3}.UpdateProjectMetadata`,
      responseType: PROJECT,
      commit: () => {
        project.displayName = displayName;
        project.labels = labels;
        return touch(project);
      },
    });
  };

  const moveProject: Handler<MoveProjectRequest> = (request, context) => {
    const project = activeProject(request.name, 'resourcemanager.projects.move');
    const destination = activeContainer(
      request.destination_parent,
      'resourcemanager.projects.move',
      'destination_parent',
    );
    return context.startOperation({
      metadataType: `${V3}.MoveProjectMetadata`,
      responseType: PROJECT,
      commit: () => {
        project.parent = destination.name;
        return touch(project);
      },
    });
  };

  const deleteProject: Handler<NameRequest> = (request, context) => {
    const project = access.project(request.name, 'resourcemanager.projects.delete');
    const liens = [...store.liens.values()].filter(
      (lien) =>
        lien.parent === project.name && lien.restrictions.includes(PROJECT_DELETE_RESTRICTION),
    );
    const [first] = liens;
    if (project.state === 'ACTIVE' && first) {
      // GCP answers "Precondition check failed." and names the liens in the details.
      throw failedPrecondition(
        `Precondition check failed: a lien to prevent deletion was placed on the project by [${first.origin}]: ${first.reason}. Remove the lien to allow deletion.`,
        liens.map((lien) => ({
          type: 'LIEN',
          subject: lien.name,
          description: `A lien to prevent deletion was placed on the project by [${lien.origin}]. Remove the lien to allow deletion.`,
        })),
      );
    }
    return context.startOperation({
      metadataType: `${V3}.DeleteProjectMetadata`,
      responseType: PROJECT,
      commit: () => {
        // Deleting a project that is already DELETE_REQUESTED changes nothing.
        if (project.state !== 'ACTIVE') return projectMessage(project);
        project.state = 'DELETE_REQUESTED';
        project.deleteTime = new Date();
        return touch(project);
      },
    });
  };

  const undeleteProject: Handler<NameRequest> = (request, context) => {
    const project = access.project(request.name, 'resourcemanager.projects.undelete');
    if (project.state !== 'DELETE_REQUESTED') {
      throw failedPrecondition(
        `Project ${project.name} is ${project.state}: only a DELETE_REQUESTED project can be undeleted.`,
      );
    }
    if (project.parent)
      activeContainer(project.parent, 'resourcemanager.projects.undelete', 'parent');
    return context.startOperation({
      metadataType: `${V3}.UndeleteProjectMetadata`,
      responseType: PROJECT,
      commit: () => {
        project.state = 'ACTIVE';
        project.deleteTime = undefined;
        return touch(project);
      },
    });
  };

  return {
    service: `${V3}.Projects`,
    methods: {
      GetProject: getProject,
      ListProjects: listProjects,
      SearchProjects: searchProjects,
      CreateProject: createProject,
      UpdateProject: updateProject,
      MoveProject: moveProject,
      DeleteProject: deleteProject,
      UndeleteProject: undeleteProject,
      ...iamMethods(backend, {
        permissionPrefix: 'resourcemanager.projects',
        resolve: (resource, permission) => access.project(resource, permission).name,
        allowsPublicMembers: false,
      }),
    },
  };
}

const searchFields = {
  isKnown: (field: string) =>
    [
      'displayname',
      'name',
      'parent',
      'parent.type',
      'parent.id',
      'id',
      'projectid',
      'state',
      'lifecyclestate',
      'labels',
    ].includes(field) || field.startsWith('labels.'),
  values(field: string, project: ProjectRecord): readonly string[] {
    const [parentType = '', parentId = ''] = project.parent.split('/');
    switch (field) {
      case 'displayname':
      case 'name':
        return [project.displayName];
      case 'parent':
        return project.parent ? [project.parent] : [];
      case 'parent.type':
        return parentType ? [parentType.replace(/s$/, '')] : [];
      case 'parent.id':
        return parentId ? [parentId] : [];
      case 'id':
      case 'projectid':
        return [project.projectId];
      case 'state':
      case 'lifecyclestate':
        return [project.state];
      case 'labels':
        return Object.entries(project.labels).flat();
      default: {
        // labels.<key>
        const value = project.labels[field.slice('labels.'.length)];
        return value === undefined ? [] : [value];
      }
    }
  },
};

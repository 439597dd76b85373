/**
 * Projects and folders through the real clients: creation under a folder, reads by number and by
 * id, updates with field masks, moves, deletion and its preconditions, undeletion, and the errors
 * Resource Manager answers (PERMISSION_DENIED for what cannot be seen, ALREADY_EXISTS, ...).
 */
import { protos } from '@google-cloud/resource-manager';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

// Results of operation.promise() are protobufjs messages: enums are numbers there, as on GCP.
const { Folder, Project } = protos.google.cloud.resourcemanager.v3;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.emulator.controls.reset();
});

async function createFolder(displayName: string, parent = ORGANIZATION) {
  const [operation] = await harness.folders.createFolder({ folder: { displayName, parent } });
  const [folder] = await operation.promise();
  return named(folder);
}

async function createProject(projectId: string, parent: string, labels = {}) {
  const [operation] = await harness.projects.createProject({
    project: { projectId, parent, displayName: projectId, labels },
  });
  const [project] = await operation.promise();
  return named(project);
}

describe('projects in a folder', () => {
  it('creates a folder and projects in it, readable by number and by project id', async () => {
    const folder = await createFolder('platform');
    expect(folder).toMatchObject({
      name: expect.stringMatching(/^folders\/[0-9]+$/),
      parent: ORGANIZATION,
      displayName: 'platform',
      state: Folder.State.ACTIVE,
      etag: expect.any(String),
    });
    const project = await createProject('shop-dev', folder.name, { team: 'shop' });
    expect(project).toMatchObject({
      name: expect.stringMatching(/^projects\/[0-9]{12}$/),
      projectId: 'shop-dev',
      parent: folder.name,
      state: Project.State.ACTIVE,
      labels: { team: 'shop' },
    });
    const [byNumber] = await harness.projects.getProject({ name: project.name });
    const [byId] = await harness.projects.getProject({ name: 'projects/shop-dev' });
    expect(byId).toEqual(byNumber);
    // Unary answers are plain objects: enums by name, int64 as strings.
    expect(byNumber).toMatchObject({ state: 'ACTIVE', projectId: 'shop-dev' });
    expect(byNumber.createTime?.seconds).toBeDefined();

    await createProject('shop-prod', folder.name);
    const [listed] = await harness.projects.listProjects({ parent: folder.name });
    expect(listed.map((listedProject) => listedProject.projectId)).toEqual([
      'shop-dev',
      'shop-prod',
    ]);
    const [folders] = await harness.folders.listFolders({ parent: ORGANIZATION });
    expect(folders.map((listedFolder) => listedFolder.name)).toEqual([folder.name]);
  });

  it('refuses a taken project id with ALREADY_EXISTS, even once the project is deleted', async () => {
    const project = await createProject('taken-id', ORGANIZATION);
    await expect(createProject('taken-id', ORGANIZATION)).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
    const [deletion] = await harness.projects.deleteProject({ name: project.name });
    await deletion.promise();
    await expect(createProject('taken-id', ORGANIZATION)).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
  });

  it('validates the project id and its parent', async () => {
    for (const projectId of ['Shop', 'short', 'ends-with-', '1starts-with-digit']) {
      await expect(createProject(projectId, ORGANIZATION)).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining('project.project_id'),
      });
    }
    await expect(createProject('no-such-parent', 'folders/999')).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details:
        "Permission 'resourcemanager.projects.create' denied on resource '//cloudresourcemanager.googleapis.com/folders/999' (or it may not exist).",
    });
  });

  it('answers PERMISSION_DENIED, not NOT_FOUND, for a project that does not exist or is hidden', async () => {
    await expect(
      harness.projects.getProject({ name: 'projects/nowhere-123' }),
    ).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details:
        "Permission 'resourcemanager.projects.get' denied on resource '//cloudresourcemanager.googleapis.com/projects/nowhere-123' (or it may not exist).",
      reason: 'IAM_PERMISSION_DENIED',
      domain: 'iam.googleapis.com',
      errorInfoMetadata: {
        permission: 'resourcemanager.projects.get',
        resource: '//cloudresourcemanager.googleapis.com/projects/nowhere-123',
      },
    });
    const project = await createProject('someone-elses', ORGANIZATION);
    harness.emulator.controls.hide('projects/someone-elses');
    await expect(harness.projects.getProject({ name: project.name })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    // Its id stays taken, as a project of another customer's would.
    await expect(createProject('someone-elses', ORGANIZATION)).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
  });
});

describe('updates with field masks', () => {
  it('changes only the masked fields and refuses immutable ones', async () => {
    const project = await createProject('masked', ORGANIZATION, { team: 'a', env: 'dev' });
    const [update] = await harness.projects.updateProject({
      project: { name: project.name, displayName: 'Masked Project', labels: {} },
      updateMask: { paths: ['display_name'] },
    });
    const [updated] = await update.promise();
    expect(updated).toMatchObject({
      displayName: 'Masked Project',
      labels: { team: 'a', env: 'dev' },
    });
    expect(updated.etag).not.toBe(project.etag);

    const [clear] = await harness.projects.updateProject({
      project: { name: project.name, labels: {} },
      updateMask: { paths: ['labels'] },
    });
    expect((await clear.promise())[0].labels).toEqual({});

    for (const path of ['project_id', 'parent', 'displayName']) {
      await expect(
        harness.projects.updateProject({
          project: { name: project.name, projectId: 'other-id' },
          updateMask: { paths: [path] },
        }),
      ).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining(path),
      });
    }
  });

  it('without a mask updates the fields the request sets', async () => {
    const project = await createProject('no-mask', ORGANIZATION, { team: 'a' });
    const [update] = await harness.projects.updateProject({
      project: { name: project.name, labels: { team: 'b' } },
    });
    expect((await update.promise())[0]).toMatchObject({
      displayName: 'no-mask',
      labels: { team: 'b' },
    });
  });

  it('requires a mask for folders and checks display names among siblings when it runs', async () => {
    const folder = await createFolder('team-a');
    await createFolder('team-b');
    await expect(
      harness.folders.updateFolder({ folder: { name: folder.name, displayName: 'team-c' } }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    const [rename] = await harness.folders.updateFolder({
      folder: { name: folder.name, displayName: 'team-b' },
      updateMask: { paths: ['display_name'] },
    });
    await expect(rename.promise()).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      message: expect.stringContaining('display name uniqueness'),
    });
    const [polled] = await harness.folders.getFolder({ name: folder.name });
    expect(polled.displayName).toBe('team-a');
  });
});

describe('moves, deletes and undeletes', () => {
  it('moves a project between folders', async () => {
    const from = await createFolder('from');
    const to = await createFolder('to');
    const project = await createProject('mover-project', from.name);
    const [move] = await harness.projects.moveProject({
      name: project.name,
      destinationParent: to.name,
    });
    expect((await move.promise())[0].parent).toBe(to.name);
  });

  it('refuses to delete a folder with ACTIVE children, naming them; deleted projects do not count', async () => {
    const folder = await createFolder('busy');
    const project = await createProject('busy-project', folder.name);
    const refusal = harness.folders.deleteFolder({ name: folder.name });
    await expect(refusal).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(`contains active resources: ${project.name}`),
      statusDetails: [
        {
          violations: [
            {
              type: 'FOLDER_TO_DELETE_NON_EMPTY_VIOLATION',
              subject: project.name,
              description: 'The folder the caller is trying to delete contains active resources.',
            },
          ],
        },
      ],
    });

    const [projectDeletion] = await harness.projects.deleteProject({ name: project.name });
    const [deleted] = await projectDeletion.promise();
    expect(deleted.state).toBe(Project.State.DELETE_REQUESTED);
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    const [stillThere] = await harness.projects.getProject({ name: project.name });
    expect(stillThere.state).toBe('DELETE_REQUESTED');
    const [active] = await harness.projects.listProjects({ parent: folder.name });
    expect(active).toEqual([]);
    const [all] = await harness.projects.listProjects({ parent: folder.name, showDeleted: true });
    expect(all.map((listed) => listed.name)).toEqual([project.name]);
    await expect(
      harness.projects.updateProject({
        project: { name: project.name, displayName: 'Too Late' },
        updateMask: { paths: ['display_name'] },
      }),
    ).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });

    const [folderDeletion] = await harness.folders.deleteFolder({ name: folder.name });
    expect((await folderDeletion.promise())[0].state).toBe(Folder.State.DELETE_REQUESTED);
    // Deleting again is an idempotent success.
    const [again] = await harness.projects.deleteProject({ name: project.name });
    expect((await again.promise())[0].state).toBe(Project.State.DELETE_REQUESTED);
  });

  it('undeletes a project, and refuses to undelete an ACTIVE one', async () => {
    const project = await createProject('comeback', ORGANIZATION);
    await expect(harness.projects.undeleteProject({ name: project.name })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
    const [deletion] = await harness.projects.deleteProject({ name: project.name });
    await deletion.promise();
    const [undeletion] = await harness.projects.undeleteProject({ name: project.name });
    const [restored] = await undeletion.promise();
    expect(restored.state).toBe(Project.State.ACTIVE);
    expect(restored.deleteTime).toBeNull();
  });
});

describe('search', () => {
  it('finds projects by query terms (any of them) and folders by all of them', async () => {
    const folder = await createFolder('search-here');
    await createProject('red-one', folder.name, { color: 'red' });
    await createProject('blue-one', ORGANIZATION, { color: 'blue', size: 'big' });
    await createProject('plain-one', ORGANIZATION);
    const ids = async (query: string) =>
      (await harness.projects.searchProjects({ query }))[0]
        .map((project) => project.projectId)
        .sort();
    expect(await ids('labels.color:red')).toEqual(['red-one']);
    expect(await ids('labels.color:*')).toEqual(['blue-one', 'red-one']);
    expect(await ids('labels.color:red labels.size:big')).toEqual(['blue-one', 'red-one']);
    expect(await ids(`parent:${folder.name}`)).toEqual(['red-one']);
    expect(await ids('id:PLAIN*')).toEqual(['plain-one']);
    expect(await ids('')).toEqual(['blue-one', 'plain-one', 'red-one']);

    const [found] = await harness.folders.searchFolders({
      query: `displayName=search* AND parent=${ORGANIZATION}`,
    });
    expect(found.map((match) => match.name)).toEqual([folder.name]);
    await expect(harness.folders.searchFolders({ query: 'color=red' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('pages through lists with the client', async () => {
    for (const index of [1, 2, 3, 4, 5]) await createProject(`paged-${index}`, ORGANIZATION);
    const [firstPage, next] = await harness.projects.listProjects(
      { parent: ORGANIZATION, pageSize: 2 },
      { autoPaginate: false },
    );
    expect(firstPage.map((project) => project.projectId)).toEqual(['paged-1', 'paged-2']);
    expect(next?.pageToken).toBeTruthy();
    const everything: string[] = [];
    for await (const project of harness.projects.listProjectsAsync({
      parent: ORGANIZATION,
      pageSize: 2,
    }))
      everything.push(project.projectId ?? '');
    expect(everything).toEqual(['paged-1', 'paged-2', 'paged-3', 'paged-4', 'paged-5']);
  });
});

describe('organizations', () => {
  it('gets and searches the configured organization', async () => {
    const [organization] = await harness.organizations.getOrganization({ name: ORGANIZATION });
    expect(organization).toMatchObject({
      name: ORGANIZATION,
      displayName: 'example.com',
      state: 'ACTIVE',
    });
    const [found] = await harness.organizations.searchOrganizations({
      query: 'domain:example.com',
    });
    expect(found.map((match) => match.name)).toEqual([ORGANIZATION]);
    await expect(
      harness.organizations.getOrganization({ name: 'organizations/42' }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
  });
});

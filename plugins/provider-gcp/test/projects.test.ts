/**
 * Projects as GCP has them: updates with a field mask, moves, deletion that only schedules it
 * (DELETE_REQUESTED, read as gone, undeleted by the next apply), a lien that blocks deletion named
 * in the error, ids taken for ever, and the loud warnings before a project is deleted.
 */
import { createRecordingIoHost } from '@kusion/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  context,
  createProjectOutside,
  drive,
  gcp,
  OPTIONS,
  ORGANIZATION,
  providerFor,
  startEmulator,
  unique,
} from './gcp-fixtures.js';

const started = await startEmulator();
const { emulator, outside } = started;
const provider = providerFor(emulator);
const driver = drive(provider);
afterAll(async () => {
  await provider.close?.();
  await started.close();
});

const methods = (since: number): string[] =>
  emulator.requests.slice(since).map((request) => request.method);

describe('projects', () => {
  it('creates under the default parent, then updates display name and labels with one masked call', async () => {
    const projectId = unique('shop');
    const created = await driver.apply(
      gcp('Project', projectId, { displayName: 'Shop dev', labels: { team: 'shop' } }),
    );
    expect(created.attributes).toEqual({
      kind: 'Project',
      name: expect.stringMatching(/^projects\/\d+$/),
      projectId,
      displayName: 'Shop dev',
      parent: ORGANIZATION,
      labels: { team: 'shop' },
    });

    const before = emulator.requests.length;
    const desired = gcp('Project', projectId, { displayName: 'Shop dev', labels: { team: 'web' } });
    const live = await driver.read(desired, created);
    const planned = await driver.plan(desired, live, created);
    expect(planned.predicted).toEqual({ ...created.attributes, labels: { team: 'web' } });
    const updated = await driver.apply(desired, 'Update', created);
    expect(updated.attributes).toEqual(planned.predicted);
    const update = emulator.requests
      .slice(before)
      .find((request) => request.method === 'Projects.UpdateProject');
    expect(update?.request).toMatchObject({ update_mask: { paths: ['labels'] } });
    expect(methods(before)).not.toContain('Projects.CreateProject');
  });

  it('keeps labels it does not manage, and clears them when the Spec says labels: {}', async () => {
    const projectId = unique('shop');
    const name = await createProjectOutside(outside, projectId);
    await outside.projects.updateProject({
      project: { name, labels: { owner: 'ops' } },
      updateMask: { paths: ['labels'] },
    });
    const adopted = gcp('Project', projectId);
    const live = await driver.read(adopted);
    expect(live).toMatchObject({ name, labels: { owner: 'ops' } });
    expect((await driver.plan(adopted, live)).predicted).toEqual(live);

    const cleared = gcp('Project', projectId, { labels: {} });
    const planned = await driver.plan(cleared, live);
    expect(planned.predicted).not.toHaveProperty('labels');
    const state = await driver.apply(cleared, 'Update');
    expect(state.attributes).not.toHaveProperty('labels');
  });

  it('moves a project to a new parent instead of replacing it', async () => {
    const [folderOperation] = await outside.folders.createFolder({
      folder: { displayName: unique('dest').slice(0, 30), parent: ORGANIZATION },
    });
    const [folder] = await folderOperation.promise();
    const projectId = unique('mover');
    const created = await driver.apply(gcp('Project', projectId));
    const moved = gcp('Project', projectId, { parent: folder.name });
    const planned = await driver.plan(moved, await driver.read(moved, created), created);
    expect(planned.replaceReason).toBeUndefined();
    const state = await driver.apply(moved, 'Update', created);
    expect(state.attributes).toMatchObject({
      name: created.attributes['name'],
      parent: folder.name,
    });
  });

  it('deletes to DELETE_REQUESTED, reads that as gone, and undeletes on the next apply', async () => {
    const projectId = unique('gone');
    const desired = gcp('Project', projectId, { labels: { team: 'shop' } });
    const created = await driver.apply(desired);
    await driver.delete(created);
    const [project] = await outside.projects.getProject({ name: `projects/${projectId}` });
    expect(project.state).toBe('DELETE_REQUESTED');
    expect(await driver.read(desired, created)).toBeUndefined();
    await driver.delete(created); // again: nothing to do

    const again = await driver.apply(desired, 'Create', created);
    expect(again.attributes['name']).toBe(created.attributes['name']);
    const [restored] = await outside.projects.getProject({ name: `projects/${projectId}` });
    expect(restored.state).toBe('ACTIVE');
  });

  it('says why a project id cannot be used again', async () => {
    const projectId = unique('taken');
    const name = await createProjectOutside(outside, projectId);
    emulator.controls.hide(name);
    await expect(driver.apply(gcp('Project', projectId))).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      message: expect.stringContaining(
        `creating project "${projectId}" failed: the id is taken by a project you cannot see, or by one deleted in the last 30 days — ALREADY_EXISTS`,
      ),
      hint: expect.stringContaining('project ids are unique across all of Google Cloud'),
    });
  });

  it('names the lien that blocks a deletion and how to remove it', async () => {
    const projectId = unique('held');
    const created = await driver.apply(gcp('Project', projectId));
    const lien = await driver.apply(
      gcp('Lien', `${projectId}-hold`, { parent: `projects/${projectId}`, reason: 'holds data' }),
    );
    expect(lien.attributes).toMatchObject({
      name: expect.stringMatching(/^liens\//),
      parent: created.attributes['name'],
      restrictions: ['resourcemanager.projects.delete'],
      origin: 'kusion',
    });
    const error = (await driver.delete(created).catch((e: unknown) => e)) as {
      message: string;
      hint: string;
    };
    expect(error.message).toContain(
      `deleting project "${projectId}" (${String(created.attributes['name'])}) failed: a lien blocks the deletion: ${String(lien.attributes['name'])} — FAILED_PRECONDITION`,
    );
    expect(error.hint).toContain(`liens delete ${String(lien.attributes['name'])}`);
    expect(error.hint).toContain('gcp:Lien');
    await driver.delete(lien);
    await driver.delete(created);
  });

  it('warns loudly, in the plan and as a notice, before a project is deleted or replaced', async () => {
    const projectId = unique('doomed');
    const created = await driver.apply(gcp('Project', projectId));
    const io = createRecordingIoHost();
    const signal = new AbortController().signal;
    const deletion = await provider.planDelete?.({ resource: created, io, context, signal });
    expect(deletion?.reason).toContain(`DELETES the GCP project "${projectId}"`);
    expect(deletion?.reason).toContain('purged after 30 days');

    const renamed = gcp('Project', projectId, { projectId: unique('renamed') });
    const replacement = await provider.plan({
      resource: renamed,
      live: created.attributes,
      prior: created,
      unknownPaths: [],
      options: OPTIONS,
      io,
      context,
      signal,
    });
    expect(replacement.replaceReason).toMatch(
      new RegExp(
        `^projectId cannot change in place \\("${projectId}" → ".+"\\): a project id is permanent; the Project is deleted and created again: DELETES the GCP project "${projectId}"`,
      ),
    );
    const warnings = io.messagesWithCode('PROVIDER_NOTICE');
    expect(warnings.map((warning) => [warning.level, warning.data.resourceId])).toEqual([
      ['warn', created.id],
      ['warn', renamed.id],
    ]);
    const otherKind = await provider.planDelete?.({
      resource: { ...gcp('Folder', 'x'), attributes: { kind: 'Folder', name: 'folders/1' } },
      io,
      context,
      signal,
    });
    expect(otherKind).toEqual({});
  });
});

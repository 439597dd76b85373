/**
 * Folders and tags: adoption of what exists (a folder by display name, a tag key by short name),
 * drift seen by `read`, `import` by GCP's own names, and deletions that something outside the
 * stack blocks, with that something named.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { silentIoHost } from '@kusion/sdk';
import {
  context,
  createProjectOutside,
  createTagOutside,
  drive,
  gcp,
  ORGANIZATION,
  ORGANIZATION_NUMBER,
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

const importing = (id: string) =>
  provider.import?.({
    type: 'GCP',
    id,
    io: silentIoHost,
    context,
    signal: new AbortController().signal,
  });

describe('folders', () => {
  it('adopts a folder that exists by its display name under the parent, and imports it by name', async () => {
    const displayName = unique('adopt').slice(0, 30);
    const [operation] = await outside.folders.createFolder({
      folder: { displayName, parent: ORGANIZATION },
    });
    const [folder] = await operation.promise();
    const desired = gcp('Folder', displayName);
    const live = await driver.read(desired);
    expect(live).toEqual({ kind: 'Folder', name: folder.name, displayName, parent: ORGANIZATION });
    expect((await driver.plan(desired, live)).predicted).toEqual(live);
    const since = emulator.requests.length;
    await driver.apply(desired, 'Update');
    expect(emulator.requests.slice(since).map((r) => r.method)).not.toContain(
      'Folders.CreateFolder',
    );

    expect(await importing(`gcp:Folder:${folder.name ?? ''}`)).toEqual({
      resource: { id: `gcp:Folder:${folder.name ?? ''}`, type: 'GCP', attributes: live },
      live,
    });
  });

  it('renames in place, and reads the rename done outside kusion as drift', async () => {
    const displayName = unique('ren').slice(0, 30);
    const created = await driver.apply(gcp('Folder', displayName));
    await outside.folders.updateFolder({
      folder: { name: String(created.attributes['name']), displayName: `${displayName}-x` },
      updateMask: { paths: ['display_name'] },
    });
    const live = await driver.read(created, created);
    expect(live).toEqual({ ...created.attributes, displayName: `${displayName}-x` });
    const planned = await driver.plan(gcp('Folder', displayName), live, created);
    expect(planned.replaceReason).toBeUndefined();
    expect(planned.predicted).toEqual(created.attributes);
  });

  it('says what outside the stack keeps a folder from being deleted', async () => {
    const displayName = unique('full').slice(0, 30);
    const folder = await driver.apply(gcp('Folder', displayName));
    const projectId = unique('inside');
    const [operation] = await outside.projects.createProject({
      project: { projectId, parent: String(folder.attributes['name']) },
    });
    const [project] = await operation.promise();
    const error = (await driver.delete(folder).catch((e: unknown) => e)) as {
      message: string;
      hint: string;
    };
    // The message says it (a failed resource's line shows the message); the hint says what to do.
    expect(error.message).toMatch(
      new RegExp(
        `^deleting folder "${displayName}" \\(folders/\\d+\\) failed: it still holds ${project.name ?? ''} \\("${projectId}"\\), which this stack does not manage \\(or could not delete\\) — FAILED_PRECONDITION: `,
      ),
    );
    expect(error.hint).toBe('move or delete them, then deploy again');
  });
});

describe('tags', () => {
  it('reads a label changed outside kusion as drift of the project', async () => {
    const projectId = unique('drift');
    const state = await driver.apply(gcp('Project', projectId, { labels: { env: 'dev' } }));
    await outside.projects.updateProject({
      project: { name: String(state.attributes['name']), labels: { env: 'prod' } },
      updateMask: { paths: ['labels'] },
    });
    expect(await driver.read(state, state)).toEqual({
      ...state.attributes,
      labels: { env: 'prod' },
    });
  });

  it('imports keys and values by namespaced name, and refuses what has no name', async () => {
    const key = unique('team');
    const created = await createTagOutside(outside, key, ['web']);
    const imported = await importing(`gcp:TagKey:${ORGANIZATION_NUMBER}/${key}`);
    expect(imported?.resource.attributes).toEqual({
      kind: 'TagKey',
      name: created.key,
      shortName: key,
      parent: ORGANIZATION,
    });
    const value = await importing(`gcp:TagValue:${ORGANIZATION_NUMBER}/${key}/web`);
    expect(value?.live).toMatchObject({
      name: created.values[0],
      namespacedName: `${ORGANIZATION_NUMBER}/${key}/web`,
    });
    expect(await importing(`gcp:TagKey:${ORGANIZATION_NUMBER}/missing`)).toBeUndefined();
    await expect(importing('gcp:TagBinding:x')).rejects.toMatchObject({
      hint: expect.stringContaining('adopted by the next deploy'),
    });
  });

  it('binds a value to a project and names what blocks deleting a value bound outside kusion', async () => {
    const key = unique('cost');
    const keyState = await driver.apply(gcp('TagKey', key));
    const value = await driver.apply(
      gcp('TagValue', `${key}-a`, { shortName: 'a', parent: keyState.attributes['name'] }),
    );
    const projectId = unique('tagged');
    const projectName = await createProjectOutside(outside, projectId);
    const binding = await driver.apply(
      gcp('TagBinding', projectId, {
        parent: projectName,
        tagValue: String(value.attributes['name']),
      }),
    );
    expect(binding.attributes).toEqual({
      kind: 'TagBinding',
      name: expect.stringMatching(/^tagBindings\//),
      parent: `//cloudresourcemanager.googleapis.com/${projectName}`,
      tagValue: value.attributes['name'],
      tagValueNamespacedName: `${ORGANIZATION_NUMBER}/${key}/a`,
    });
    // The binding is kusion's here, but the value cannot go while it stays.
    const error = (await driver.delete(value).catch((e: unknown) => e)) as {
      message: string;
      hint: string;
    };
    expect(error.message).toContain(
      'failed: it is still bound to a resource, or held by a tag hold',
    );
    expect(error.hint).toContain('remove those bindings');
    await driver.delete(binding);
    await driver.delete(value);
    await driver.delete(keyState);
    expect(await driver.read(keyState, keyState)).toBeUndefined();
  });
});

/**
 * Tags through the real clients: keys under an organization and under a project, values, bindings
 * to projects and folders, effective (inherited) tags, holds, namespaced lookups, update masks,
 * and the delete preconditions (a key with values, a value that is bound or held).
 */
import { protos } from '@google-cloud/resource-manager';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ operationPollsToComplete: 1 });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.emulator.controls.reset();
});

const fullName = (name: string) => `//cloudresourcemanager.googleapis.com/${name}`;

async function createKey(shortName: string, parent = ORGANIZATION) {
  const [operation] = await harness.tagKeys.createTagKey({
    tagKey: { shortName, parent, description: `the ${shortName} key` },
  });
  return named((await operation.promise())[0]);
}

async function createValue(key: string, shortName: string) {
  const [operation] = await harness.tagValues.createTagValue({
    tagValue: { shortName, parent: key },
  });
  return named((await operation.promise())[0]);
}

async function bind(parent: string, tagValue: string) {
  const [operation] = await harness.tagBindings.createTagBinding({
    tagBinding: { parent: fullName(parent), tagValue },
  });
  return named((await operation.promise())[0]);
}

async function createProject(projectId: string, parent = ORGANIZATION) {
  const [operation] = await harness.projects.createProject({ project: { projectId, parent } });
  return named((await operation.promise())[0]);
}

describe('tag keys and values', () => {
  it('names keys and values in the namespace of their organization or project', async () => {
    const key = await createKey('env');
    expect(key).toMatchObject({
      name: expect.stringMatching(/^tagKeys\/[0-9]+$/),
      parent: ORGANIZATION,
      shortName: 'env',
      namespacedName: '123456789012/env',
      description: 'the env key',
    });
    const value = await createValue(key.name, 'prod');
    expect(value).toMatchObject({
      name: expect.stringMatching(/^tagValues\/[0-9]+$/),
      parent: key.name,
      namespacedName: '123456789012/env/prod',
    });
    const [byNamespace] = await harness.tagKeys.getNamespacedTagKey({ name: '123456789012/env' });
    expect(byNamespace.name).toBe(key.name);
    const [valueByNamespace] = await harness.tagValues.getNamespacedTagValue({
      name: '123456789012/env/prod',
    });
    expect(valueByNamespace.name).toBe(value.name);

    const project = await createProject('tagged-project');
    const projectKey = await createKey('tier', 'projects/tagged-project');
    expect(projectKey).toMatchObject({
      parent: project.name,
      namespacedName: 'tagged-project/tier',
    });
    const [projectKeys] = await harness.tagKeys.listTagKeys({ parent: 'projects/tagged-project' });
    expect(projectKeys.map((listed) => listed.name)).toEqual([projectKey.name]);
    const [values] = await harness.tagValues.listTagValues({ parent: key.name });
    expect(values.map((listed) => listed.shortName)).toEqual(['prod']);
  });

  it('answers ALREADY_EXISTS for a second key or value of the same short name', async () => {
    const key = await createKey('team');
    await expect(createKey('team')).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await createValue(key.name, 'shop');
    await expect(createValue(key.name, 'shop')).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
    await expect(createKey('bad name!')).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('answers PERMISSION_DENIED for keys and values that do not exist', async () => {
    await expect(harness.tagKeys.getTagKey({ name: 'tagKeys/404' })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    await expect(
      harness.tagValues.getNamespacedTagValue({ name: '123456789012/nope/nothing' }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(createKey('orphan', 'organizations/1')).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('updates a description under a mask and keeps the short name immutable', async () => {
    const key = await createKey('owner');
    const [update] = await harness.tagKeys.updateTagKey({
      tagKey: { name: key.name, description: 'who owns it', shortName: 'renamed' },
      updateMask: { paths: ['description'] },
    });
    const [updated] = await update.promise();
    expect(updated).toMatchObject({ shortName: 'owner', description: 'who owns it' });
    expect(updated.etag).not.toBe(key.etag);
    await expect(
      harness.tagKeys.updateTagKey({
        tagKey: { name: key.name, shortName: 'renamed' },
        updateMask: { paths: ['short_name'] },
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('short_name'),
    });
    await expect(
      harness.tagKeys.updateTagKey({
        tagKey: { name: key.name, description: 'late', etag: key.etag ?? null },
      }),
    ).rejects.toMatchObject({ code: status.ABORTED });
  });
});

describe('bindings', () => {
  it('binds values to a project, lists them, and lists effective tags with inheritance', async () => {
    const folderOperation = (
      await harness.folders.createFolder({ folder: { displayName: 'shop', parent: ORGANIZATION } })
    )[0];
    const folder = named((await folderOperation.promise())[0]);
    const project = await createProject('bound-project', folder.name);
    const env = await createKey('env');
    const prod = await createValue(env.name, 'prod');
    const dev = await createValue(env.name, 'dev');
    const team = await createKey('team');
    const shop = await createValue(team.name, 'shop');

    const binding = await bind(project.name, prod.name);
    expect(binding).toEqual(
      expect.objectContaining({
        name: `tagBindings/${encodeURIComponent(fullName(project.name))}/${prod.name}`,
        parent: fullName(project.name),
        tagValue: prod.name,
        tagValueNamespacedName: '123456789012/env/prod',
      }),
    );
    await bind(folder.name, shop.name);
    await bind(folder.name, dev.name);

    const [bindings] = await harness.tagBindings.listTagBindings({
      parent: fullName(project.name),
    });
    expect(bindings.map((listed) => listed.tagValue)).toEqual([prod.name]);
    const [effective] = await harness.tagBindings.listEffectiveTags({
      parent: fullName(project.name),
    });
    // The project's own env=prod wins over the folder's env=dev; team=shop is inherited.
    expect(effective).toEqual([
      expect.objectContaining({
        tagValue: prod.name,
        namespacedTagValue: '123456789012/env/prod',
        tagKey: env.name,
        namespacedTagKey: '123456789012/env',
        tagKeyParentName: ORGANIZATION,
        inherited: false,
      }),
      expect.objectContaining({ tagValue: shop.name, inherited: true }),
    ]);
  });

  it('binds by namespaced value name, one value per key, and refuses unknown targets', async () => {
    const project = await createProject('by-namespace');
    const env = await createKey('env');
    await createValue(env.name, 'prod');
    const dev = await createValue(env.name, 'dev');
    const [operation] = await harness.tagBindings.createTagBinding({
      tagBinding: {
        parent: fullName(project.name),
        tagValueNamespacedName: '123456789012/env/prod',
      },
    });
    expect((await operation.promise())[0].tagValueNamespacedName).toBe('123456789012/env/prod');
    await expect(bind(project.name, dev.name)).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
    await expect(bind('projects/999999999999', dev.name)).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    await expect(bind('projects/by-namespace', dev.name)).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('binds a project-scoped value only inside its project', async () => {
    const home = await createProject('home-project');
    const other = await createProject('other-project');
    const key = await createKey('local', 'projects/home-project');
    const value = await createValue(key.name, 'yes');
    await bind(home.name, value.name);
    await expect(bind(other.name, value.name)).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
  });
});

describe('delete preconditions', () => {
  it('deletes in order: bindings, then values (not while held), then keys', async () => {
    const project = await createProject('ordered-delete');
    const key = await createKey('doomed');
    const value = await createValue(key.name, 'soon');
    const binding = await bind(project.name, value.name);

    await expect(harness.tagKeys.deleteTagKey({ name: key.name })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(value.name),
    });
    await expect(harness.tagValues.deleteTagValue({ name: value.name })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(fullName(project.name)),
    });
    const [unbind] = await harness.tagBindings.deleteTagBinding({ name: binding.name });
    const [empty] = await unbind.promise();
    expect(empty).toEqual(protos.google.protobuf.Empty.create());
    await expect(
      harness.tagBindings.deleteTagBinding({ name: binding.name }),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });

    const [holdOperation] = await harness.tagHolds.createTagHold({
      parent: value.name,
      tagHold: {
        holder: '//compute.googleapis.com/projects/p/zones/z/instances/vm',
        origin: 'test',
      },
    });
    const hold = named((await holdOperation.promise())[0]);
    expect(hold.name).toMatch(new RegExp(`^${value.name}/tagHolds/`));
    const [holds] = await harness.tagHolds.listTagHolds({
      parent: value.name,
      filter: 'origin = test',
    });
    expect(holds.map((listed) => listed.name)).toEqual([hold.name]);
    await expect(harness.tagValues.deleteTagValue({ name: value.name })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(hold.name),
    });
    await (await harness.tagHolds.deleteTagHold({ name: hold.name }))[0].promise();

    await (await harness.tagValues.deleteTagValue({ name: value.name }))[0].promise();
    const [keyDeletion] = await harness.tagKeys.deleteTagKey({ name: key.name });
    expect((await keyDeletion.promise())[0].name).toBe(key.name);
    await expect(harness.tagKeys.getTagKey({ name: key.name })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });
});

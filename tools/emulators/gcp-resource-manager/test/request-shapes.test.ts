/**
 * The requests the real clients put on the wire for the calls a provider makes, recorded by the
 * emulator (decoded with the .proto field names) and compared with a committed fixture. If a
 * client upgrade changes what it sends, or the emulator starts decoding differently, this fails;
 * update the fixture (JSON, named .snap so that formatters leave it alone) with
 * `npx vitest run -u` after reading the difference.
 */
import { status } from '@grpc/grpc-js';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  // A fresh emulator numbers resources and operations the same way on every run.
  harness = await startHarness({ operationPollsToComplete: 1 });
});
afterAll(() => harness.close());

async function provisionAndTearDown(): Promise<void> {
  const { folders, projects, tagKeys, tagValues, tagBindings } = harness;
  const [folderOperation] = await folders.createFolder({
    folder: { displayName: 'platform', parent: ORGANIZATION },
  });
  const folder = named((await folderOperation.promise())[0]);
  const [projectOperation] = await projects.createProject({
    project: {
      projectId: 'shop-dev',
      parent: folder.name,
      displayName: 'Shop - dev',
      labels: { team: 'shop', env: 'dev' },
    },
  });
  const project = named((await projectOperation.promise())[0]);
  await projects.getProject({ name: 'projects/shop-dev' });
  const [update] = await projects.updateProject({
    project: { name: project.name, displayName: 'Shop dev', labels: { team: 'shop' } },
    updateMask: { paths: ['display_name', 'labels'] },
  });
  await update.promise();

  const [policy] = await projects.getIamPolicy({
    resource: project.name,
    options: { requestedPolicyVersion: 3 },
  });
  await projects.setIamPolicy({
    resource: project.name,
    policy: {
      version: 3,
      etag: policy.etag ?? null,
      bindings: [
        ...(policy.bindings ?? []),
        { role: 'roles/viewer', members: ['group:shop@example.com'] },
      ],
    },
  });

  const [keyOperation] = await tagKeys.createTagKey({
    tagKey: { parent: ORGANIZATION, shortName: 'env', description: 'environment' },
  });
  const key = named((await keyOperation.promise())[0]);
  const [valueOperation] = await tagValues.createTagValue({
    tagValue: { parent: key.name, shortName: 'dev' },
  });
  const value = named((await valueOperation.promise())[0]);
  const [bindingOperation] = await tagBindings.createTagBinding({
    tagBinding: {
      parent: `//cloudresourcemanager.googleapis.com/${project.name}`,
      tagValue: value.name,
    },
  });
  const binding = named((await bindingOperation.promise())[0]);

  const http = new PassThroughClient();
  const liens = `${harness.emulator.restEndpoint}/v3/liens`;
  const lien = await http.request<{ name: string }>({
    url: liens,
    method: 'POST',
    data: {
      parent: project.name,
      restrictions: ['resourcemanager.projects.delete'],
      reason: 'managed by kusion',
      origin: 'kusion',
    },
  });
  await http.request({ url: liens, params: { parent: project.name } });

  await (await tagBindings.deleteTagBinding({ name: binding.name }))[0].promise();
  await expect(projects.deleteProject({ name: project.name })).rejects.toMatchObject({
    code: status.FAILED_PRECONDITION,
  });
  await http.request({
    url: `${harness.emulator.restEndpoint}/v3/${lien.data.name}`,
    method: 'DELETE',
  });
  await (await projects.deleteProject({ name: project.name }))[0].promise();
  await projects.listProjects({ parent: folder.name, showDeleted: true });
  await projects.searchProjects({ query: 'labels.team:shop' });
  await (await folders.deleteFolder({ name: folder.name }))[0].promise();
  await (await tagValues.deleteTagValue({ name: value.name }))[0].promise();
  await (await tagKeys.deleteTagKey({ name: key.name }))[0].promise();
}

it('matches the recorded request shapes of the real clients', async () => {
  await provisionAndTearDown();
  const shapes = harness.emulator.requests.map((recorded) => ({
    method: recorded.method,
    transport: recorded.transport,
    status: recorded.status,
    ...(recorded.metadata['x-goog-request-params'] === undefined
      ? {}
      : { routing: recorded.metadata['x-goog-request-params'] }),
    request: recorded.request,
  }));

  // The fields a provider depends on, spelled out; the fixture holds everything else.
  const requestOf = (method: string) => shapes.find((shape) => shape.method === method)?.request;
  expect(requestOf('Projects.UpdateProject')).toMatchObject({
    update_mask: { paths: ['display_name', 'labels'] },
    project: { labels: { team: 'shop' } },
  });
  expect(requestOf('Projects.CreateProject')).toMatchObject({
    project: { project_id: 'shop-dev', parent: expect.stringMatching(/^folders\//) },
  });
  expect(requestOf('Projects.GetIamPolicy')).toEqual({
    resource: expect.stringMatching(/^projects\/[0-9]+$/),
    options: { requested_policy_version: 3 },
  });
  expect(shapes.find((shape) => shape.method === 'Projects.GetProject')?.routing).toBe(
    'name=projects%2Fshop-dev',
  );

  // Lien names end in a random UUID, as on GCP.
  const recorded = JSON.stringify(shapes, null, 2).replace(/-l[0-9a-f-]{36}"/g, '-l<uuid>"');
  await expect(`${recorded}\n`).toMatchFileSnapshot('./fixtures/request-shapes.json.snap');
});

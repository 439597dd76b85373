/**
 * IAM members by read-modify-write with the policy's etag: bindings made outside kusion survive,
 * a concurrent change is retried from a fresh read, members of one policy applied in parallel all
 * land, and conditional bindings round-trip.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createProjectOutside,
  drive,
  gcp,
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

async function bindingsOf(resource: string): Promise<Record<string, string[]>> {
  const [policy] = await outside.projects.getIamPolicy({
    resource,
    options: { requestedPolicyVersion: 3 },
  });
  return Object.fromEntries(
    (policy.bindings ?? []).map((binding) => [binding.role ?? '', binding.members ?? []]),
  );
}

const member = (resource: string, role: string, who: string, extra = {}) =>
  gcp('IamPolicyMember', `${resource}-${role}-${who}`, { resource, role, member: who, ...extra });

describe('IAM members', () => {
  it('adds and removes only its own member; a binding added outside kusion survives both', async () => {
    const project = await createProjectOutside(outside, unique('iam'));
    const ana = member(project, 'roles/viewer', 'user:ana@example.com');
    const state = await driver.apply(ana);
    expect(state.attributes).toEqual({
      kind: 'IamPolicyMember',
      resource: project,
      role: 'roles/viewer',
      member: 'user:ana@example.com',
    });
    // Someone else adds a member to the same role, and a role of their own.
    const [policy] = await outside.projects.getIamPolicy({ resource: project });
    await outside.projects.setIamPolicy({
      resource: project,
      policy: {
        ...policy,
        bindings: [
          ...(policy.bindings ?? []).map((b) =>
            b.role === 'roles/viewer'
              ? { ...b, members: [...(b.members ?? []), 'user:eve@example.com'] }
              : b,
          ),
          { role: 'roles/browser', members: ['group:ops@example.com'] },
        ],
      },
    });
    await driver.apply(ana, 'Create');
    await driver.delete(state);
    expect(await bindingsOf(project)).toEqual({
      'roles/owner': ['user:emulator-caller@example.com'],
      'roles/viewer': ['user:eve@example.com'],
      'roles/browser': ['group:ops@example.com'],
    });
    expect(await driver.read(ana, state)).toBeUndefined();
  });

  it('sends the etag it read, and starts again from a fresh read when a write conflicts', async () => {
    const project = await createProjectOutside(outside, unique('race'));
    emulator.controls.failCalls({ method: 'Projects.SetIamPolicy', code: 'ABORTED', times: 2 });
    const since = emulator.requests.length;
    await driver.apply(member(project, 'roles/editor', 'user:bo@example.com'));
    const calls = emulator.requests
      .slice(since)
      .filter((request) => request.method.endsWith('IamPolicy'));
    expect(calls.map((call) => [call.method, call.status])).toEqual([
      ['Projects.GetIamPolicy', 'OK'], // apply looks for the member first
      ['Projects.GetIamPolicy', 'OK'],
      ['Projects.SetIamPolicy', 'ABORTED'],
      ['Projects.GetIamPolicy', 'OK'],
      ['Projects.SetIamPolicy', 'ABORTED'],
      ['Projects.GetIamPolicy', 'OK'],
      ['Projects.SetIamPolicy', 'OK'],
    ]);
    const write = calls.at(-1)?.request as { policy?: { etag?: string } };
    expect(write.policy?.etag).toMatch(/.+/);
    expect((await bindingsOf(project))['roles/editor']).toEqual(['user:bo@example.com']);
  });

  it('lands every member of one policy when they are applied in parallel', async () => {
    const project = await createProjectOutside(outside, unique('many'));
    const since = emulator.requests.length;
    const members = ['a', 'b', 'c', 'd', 'e'].map((who) =>
      member(project, 'roles/viewer', `user:${who}@example.com`),
    );
    await Promise.all(members.map((resource) => driver.apply(resource)));
    expect((await bindingsOf(project))['roles/viewer']).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((who) => `user:${who}@example.com`),
    );
    // Serialised per policy inside the run: no write conflicts with another of kusion's.
    expect(
      emulator.requests
        .slice(since)
        .filter((request) => request.method === 'Projects.SetIamPolicy')
        .map((request) => request.status),
    ).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
  });

  it('grants with a condition (policy version 3) and plans it stable; a condition change is a replacement', async () => {
    const project = await createProjectOutside(outside, unique('cond'));
    const condition = { title: 'weekdays', expression: 'request.time.getDayOfWeek() < 5' };
    const desired = member(project, 'roles/viewer', 'user:ana@example.com', { condition });
    const state = await driver.apply(desired);
    const live = await driver.read(desired, state);
    expect(live).toEqual(state.attributes);
    expect((await driver.plan(desired, live, state)).predicted).toEqual(live);
    const unconditional = member(project, 'roles/viewer', 'user:ana@example.com');
    const planned = await driver.plan(
      { ...unconditional, id: desired.id },
      await driver.read({ ...unconditional, id: desired.id }, state),
      state,
    );
    expect(planned.replaceReason).toContain('condition cannot change in place');
  });

  it('manages members of folders and organizations too, and deleting from a gone project succeeds', async () => {
    const [operation] = await outside.folders.createFolder({
      folder: { displayName: unique('iamf').slice(0, 30), parent: ORGANIZATION },
    });
    const [folder] = await operation.promise();
    const onFolder = await driver.apply(
      member(folder.name ?? '', 'roles/browser', 'group:g@example.com'),
    );
    const onOrganization = await driver.apply(
      member(ORGANIZATION, 'roles/viewer', 'domain:example.com'),
    );
    expect(
      await driver.read(member(folder.name ?? '', 'roles/browser', 'group:g@example.com')),
    ).toEqual(onFolder.attributes);
    await driver.delete(onOrganization);
    const project = await createProjectOutside(outside, unique('gone'));
    const onProject = await driver.apply(member(project, 'roles/viewer', 'user:x@example.com'));
    emulator.controls.hide(project);
    await driver.delete(onProject);
  });
});

/**
 * IAM policies through the real clients: read-modify-write with the policy etag, the ABORTED
 * answer to a stale etag (another writer got there first), update masks, conditional bindings and
 * policy versions, and TestIamPermissions.
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALLER } from '../emulator.ts';
import { named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

let harness: Harness;
let project: string;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(async () => {
  harness.emulator.controls.reset();
  const [operation] = await harness.projects.createProject({
    project: { projectId: 'iam-project', parent: ORGANIZATION },
  });
  project = named((await operation.promise())[0]).name;
});

const viewer = { role: 'roles/viewer', members: ['group:viewers@example.com'] };
const editor = {
  role: 'roles/editor',
  members: ['serviceAccount:ci@iam-project.iam.gserviceaccount.com'],
};

describe('read-modify-write', () => {
  it('starts a project with its creator as owner and adds a binding with the read etag', async () => {
    const [policy] = await harness.projects.getIamPolicy({ resource: project });
    expect(policy.bindings).toEqual([
      expect.objectContaining({ role: 'roles/owner', members: [DEFAULT_CALLER] }),
    ]);
    expect(Buffer.from(policy.etag as Uint8Array).length).toBeGreaterThan(0);

    const [written] = await harness.projects.setIamPolicy({
      resource: project,
      policy: { ...policy, bindings: [...(policy.bindings ?? []), viewer] },
    });
    expect(written.bindings?.map((binding) => binding.role)).toEqual([
      'roles/owner',
      'roles/viewer',
    ]);
    expect(Buffer.from(written.etag as Uint8Array)).not.toEqual(
      Buffer.from(policy.etag as Uint8Array),
    );
    const [read] = await harness.projects.getIamPolicy({ resource: project });
    expect(read).toEqual(written);
  });

  it('answers ABORTED to a write with a stale etag, and the retried read-modify-write succeeds', async () => {
    const [first] = await harness.projects.getIamPolicy({ resource: project });
    const [second] = await harness.projects.getIamPolicy({ resource: project });
    await harness.projects.setIamPolicy({
      resource: project,
      policy: { ...first, bindings: [...(first.bindings ?? []), viewer] },
    });
    await expect(
      harness.projects.setIamPolicy({
        resource: project,
        policy: { ...second, bindings: [...(second.bindings ?? []), editor] },
      }),
    ).rejects.toMatchObject({
      code: status.ABORTED,
      details:
        'There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.',
    });
    const [fresh] = await harness.projects.getIamPolicy({ resource: project });
    const [written] = await harness.projects.setIamPolicy({
      resource: project,
      policy: { ...fresh, bindings: [...(fresh.bindings ?? []), editor] },
    });
    expect(written.bindings?.map((binding) => binding.role).sort()).toEqual([
      'roles/editor',
      'roles/owner',
      'roles/viewer',
    ]);
  });

  it('overwrites without an etag, merging bindings of one role and dropping empty ones', async () => {
    const [written] = await harness.projects.setIamPolicy({
      resource: project,
      policy: {
        bindings: [
          viewer,
          {
            role: 'roles/viewer',
            members: ['user:alice@example.com', 'group:viewers@example.com'],
          },
          { role: 'roles/browser', members: [] },
        ],
      },
    });
    expect(written.bindings).toEqual([
      expect.objectContaining({
        role: 'roles/viewer',
        members: ['group:viewers@example.com', 'user:alice@example.com'],
      }),
    ]);
  });

  it('replaces only the fields in update_mask', async () => {
    const [policy] = await harness.projects.getIamPolicy({ resource: project });
    const [written] = await harness.projects.setIamPolicy({
      resource: project,
      policy: {
        bindings: [viewer],
        auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'DATA_READ' }] }],
      },
      updateMask: { paths: ['audit_configs'] },
    });
    expect(written.bindings).toEqual(policy.bindings);
    expect(written.auditConfigs).toEqual([expect.objectContaining({ service: 'allServices' })]);
    await expect(
      harness.projects.setIamPolicy({
        resource: project,
        policy: { bindings: [viewer] },
        updateMask: { paths: ['owners'] },
      }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});

describe('versions and conditions', () => {
  const conditional = {
    role: 'roles/viewer',
    members: ['user:temp@example.com'],
    condition: {
      title: 'until 2030',
      expression: 'request.time < timestamp("2030-01-01T00:00:00Z")',
    },
  };

  it('requires version 3 for conditional bindings and returns them only to version 3 readers', async () => {
    await expect(
      harness.projects.setIamPolicy({ resource: project, policy: { bindings: [conditional] } }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('version 3'),
    });
    await harness.projects.setIamPolicy({
      resource: project,
      policy: { version: 3, bindings: [conditional] },
    });
    const [v3] = await harness.projects.getIamPolicy({
      resource: project,
      options: { requestedPolicyVersion: 3 },
    });
    expect(v3).toMatchObject({
      version: 3,
      bindings: [
        {
          role: conditional.role,
          members: conditional.members,
          condition: expect.objectContaining(conditional.condition),
        },
      ],
    });
    const [v1] = await harness.projects.getIamPolicy({ resource: project });
    expect(v1.version).toBe(1);
    expect(v1.bindings?.[0]?.role).toMatch(/^roles\/viewer_withcond_[0-9a-f]{16}$/);
    expect(v1.bindings?.[0]?.condition).toBeNull();
  });
});

describe('validation and other resources', () => {
  it('refuses malformed roles and members, and allUsers on a project but not on a folder', async () => {
    for (const binding of [
      { role: 'viewer', members: ['user:a@example.com'] },
      { role: 'roles/viewer', members: ['alice@example.com'] },
      { role: 'roles/viewer', members: ['allUsers'] },
    ]) {
      await expect(
        harness.projects.setIamPolicy({ resource: project, policy: { bindings: [binding] } }),
      ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    }
    const [operation] = await harness.folders.createFolder({
      folder: { displayName: 'public', parent: ORGANIZATION },
    });
    const folder = named((await operation.promise())[0]).name;
    const [written] = await harness.folders.setIamPolicy({
      resource: folder,
      policy: { bindings: [{ role: 'roles/viewer', members: ['allUsers'] }] },
    });
    expect(written.bindings?.[0]?.members).toEqual(['allUsers']);
  });

  it('serves organization policies, starting empty with the etag IAM gives empty policies', async () => {
    const [empty] = await harness.organizations.getIamPolicy({ resource: ORGANIZATION });
    expect(Buffer.from(empty.etag as Uint8Array).toString('base64')).toBe('ACAB');
    expect(empty.bindings).toEqual([]);
    await harness.organizations.setIamPolicy({
      resource: ORGANIZATION,
      policy: { etag: empty.etag ?? null, bindings: [viewer] },
    });
    const [read] = await harness.organizations.getIamPolicy({ resource: ORGANIZATION });
    expect(read.bindings).toEqual([expect.objectContaining(viewer)]);
  });

  it('answers PERMISSION_DENIED for the policy of a project that cannot be seen', async () => {
    await expect(
      harness.projects.getIamPolicy({ resource: 'projects/not-mine-42' }),
    ).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details: expect.stringContaining("'resourcemanager.projects.getIamPolicy'"),
    });
  });

  it('tells which permissions the caller has', async () => {
    harness.emulator.controls.denyPermission(
      'projects/iam-project',
      'resourcemanager.projects.delete',
    );
    const [answer] = await harness.projects.testIamPermissions({
      resource: project,
      permissions: ['resourcemanager.projects.get', 'resourcemanager.projects.delete'],
    });
    expect(answer.permissions).toEqual(['resourcemanager.projects.get']);
    await expect(harness.projects.deleteProject({ name: project })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details: expect.stringContaining("'resourcemanager.projects.delete'"),
    });
  });
});

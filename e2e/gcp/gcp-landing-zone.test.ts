/**
 * The packed CLI with the gcp provider against the Resource Manager emulator, started as a
 * process. One landing zone walks through a user's life: a folder, two projects in it, a tag key
 * with two values, a tag binding on one project and two IAM members — created, left alone by an
 * unchanged preview, changed outside kusion, updated, replaced, and destroyed in a valid order.
 * Each `it` builds on the one before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorProcess } from './gcp-emulator-process.ts';
import type { EmulatorProcess, RecordedCall } from './gcp-emulator-process.ts';
import { assertBuilt, createGcpProject, jsonOf } from './gcp-project.ts';
import type { CliResult, GcpProject } from './gcp-project.ts';

const ORGANIZATION = 'organizations/123456789012';
const DEV = 'shop-dev-e2e';
const STAGING = 'shop-staging-e2e';

let emulator: EmulatorProcess;
let project: GcpProject;

beforeAll(async () => {
  await assertBuilt();
  emulator = await startEmulatorProcess();
  project = await createGcpProject({
    project: 'shop',
    gcpSettings: {
      endpoint: emulator.endpoint,
      restEndpoint: emulator.restEndpoint,
      parent: ORGANIZATION,
    },
  });
});
afterAll(async () => {
  await project.cleanup();
  await emulator.stop();
});

const expectExit = (result: CliResult, code: number): void => {
  expect(result.code, result.transcript).toBe(code);
};

interface Plan {
  changes: { id: string; action: string; reason: string }[];
  warnings: { code: string; message: string }[];
}
const actions = (result: CliResult): Record<string, string> =>
  Object.fromEntries(jsonOf<Plan>(result).changes.map((change) => [change.id, change.action]));

const gcp = (kind: string, name: string, attributes: Record<string, unknown>) => ({
  id: `gcp:${kind}:${name}`,
  type: 'GCP',
  attributes,
});
const ref = (id: string, path = 'name'): string => `$kusion_path.${id}.${path}`;

function landingZone(options: { devName?: string; stagingId?: string } = {}) {
  return [
    gcp('Folder', 'platform', { displayName: 'Platform' }),
    gcp('Project', 'shop-dev', {
      projectId: DEV,
      displayName: options.devName ?? 'Shop dev',
      parent: ref('gcp:Folder:platform'),
      labels: { team: 'shop', env: 'dev' },
    }),
    gcp('Project', 'shop-staging', {
      projectId: options.stagingId ?? STAGING,
      displayName: 'Shop staging',
      parent: ref('gcp:Folder:platform'),
      labels: { team: 'shop', env: 'staging' },
    }),
    gcp('TagKey', 'env', { description: 'Environment' }),
    gcp('TagValue', 'env-dev', { shortName: 'dev', parent: ref('gcp:TagKey:env') }),
    gcp('TagValue', 'env-staging', { shortName: 'staging', parent: ref('gcp:TagKey:env') }),
    gcp('TagBinding', 'shop-dev-env', {
      parent: ref('gcp:Project:shop-dev'),
      tagValue: ref('gcp:TagValue:env-dev'),
    }),
    gcp('IamPolicyMember', 'shop-dev-viewers', {
      resource: ref('gcp:Project:shop-dev'),
      role: 'roles/viewer',
      member: 'group:shop-devs@example.com',
    }),
    gcp('IamPolicyMember', 'shop-dev-lead', {
      resource: ref('gcp:Project:shop-dev'),
      role: 'roles/editor',
      member: 'user:lead@example.com',
    }),
  ];
}

async function projectNamed(projectId: string) {
  const [found] = await emulator.clients.projects.getProject({ name: `projects/${projectId}` });
  return found;
}

async function rolesOf(resource: string): Promise<Record<string, string[]>> {
  const [policy] = await emulator.clients.projects.getIamPolicy({ resource });
  return Object.fromEntries(
    (policy.bindings ?? []).map((binding) => [binding.role ?? '', binding.members ?? []]),
  );
}

describe('kusion with the gcp provider', () => {
  it('previews every resource as a create and changes nothing', async () => {
    await project.writeResources(landingZone());
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    expect(actions(preview)).toEqual({
      'gcp:Folder:platform': 'Create',
      'gcp:Project:shop-dev': 'Create',
      'gcp:Project:shop-staging': 'Create',
      'gcp:TagKey:env': 'Create',
      'gcp:TagValue:env-dev': 'Create',
      'gcp:TagValue:env-staging': 'Create',
      'gcp:TagBinding:shop-dev-env': 'Create',
      'gcp:IamPolicyMember:shop-dev-viewers': 'Create',
      'gcp:IamPolicyMember:shop-dev-lead': 'Create',
    });
    const writes = (await emulator.requests()).filter(
      (call) => !/\.(Get|List|Search)/.test(call.method),
    );
    expect(writes).toEqual([]);
  });

  it('deploys the landing zone: projects in the folder, the binding and the members in place', async () => {
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stdout).toContain('Deploy complete: 9 created');

    const [folders] = await emulator.clients.folders.listFolders({ parent: ORGANIZATION });
    const folder = folders.find((candidate) => candidate.displayName === 'Platform');
    expect(folder?.name).toMatch(/^folders\/\d+$/);
    const dev = await projectNamed(DEV);
    const staging = await projectNamed(STAGING);
    expect([dev.parent, staging.parent]).toEqual([folder?.name, folder?.name]);
    expect(dev.labels).toEqual({ team: 'shop', env: 'dev' });
    const [bindings] = await emulator.clients.tagBindings.listTagBindings({
      parent: `//cloudresourcemanager.googleapis.com/${dev.name ?? ''}`,
    });
    expect(bindings.map((binding) => binding.tagValueNamespacedName)).toEqual([
      '123456789012/env/dev',
    ]);
    expect(await rolesOf(dev.name ?? '')).toMatchObject({
      'roles/viewer': ['group:shop-devs@example.com'],
      'roles/editor': ['user:lead@example.com'],
    });
  });

  it('previews nothing to do right after (preview --exit-code exits 0)', async () => {
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('keeps an IAM binding added outside kusion through a deploy', async () => {
    const dev = await projectNamed(DEV);
    const resource = dev.name ?? '';
    const [policy] = await emulator.clients.projects.getIamPolicy({ resource });
    await emulator.clients.projects.setIamPolicy({
      resource,
      policy: {
        ...policy,
        bindings: [
          ...(policy.bindings ?? []).map((binding) =>
            binding.role === 'roles/viewer'
              ? { ...binding, members: [...(binding.members ?? []), 'user:auditor@example.com'] }
              : binding,
          ),
          { role: 'roles/browser', members: ['group:finance@example.com'] },
        ],
      },
    });
    expectExit(await project.run(['preview', '--exit-code']), 0);
    expectExit(await project.run(['deploy', '--yes']), 0);
    expect(await rolesOf(resource)).toMatchObject({
      'roles/viewer': ['group:shop-devs@example.com', 'user:auditor@example.com'],
      'roles/editor': ['user:lead@example.com'],
      'roles/browser': ['group:finance@example.com'],
    });
  });

  it('reports drift when a label is changed out of band', async () => {
    const dev = await projectNamed(DEV);
    const [operation] = await emulator.clients.projects.updateProject({
      project: { name: dev.name ?? '', labels: { team: 'shop', env: 'prod' } },
      updateMask: { paths: ['labels'] },
    });
    await operation.promise();
    const drift = await project.run(['drift', '--json']);
    expectExit(drift, 2);
    expect(jsonOf<{ drifted: { id: string; diff: unknown[] }[] }>(drift).drifted).toEqual([
      {
        id: 'gcp:Project:shop-dev',
        diff: [{ path: 'labels.env', kind: 'change', before: 'dev', after: 'prod' }],
      },
    ]);
  });

  it('updates a renamed project in place, retrying the RESOURCE_EXHAUSTED it meets', async () => {
    await project.writeResources(landingZone({ devName: 'Shop development' }));
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    const change = jsonOf<Plan>(preview).changes.find((c) => c.id === 'gcp:Project:shop-dev');
    expect(change).toMatchObject({ action: 'Update', reason: 'spec changed' });

    const before = (await emulator.requests()).length;
    await emulator.failCalls('Projects.UpdateProject', 'RESOURCE_EXHAUSTED', 2);
    const deploy = await project.run(['deploy', '--yes']);
    expectExit(deploy, 0);
    expect(deploy.stdout).toContain('Deploy complete: 0 created, 1 updated');
    // Retries are warnings: on stderr when the output is not a terminal.
    expect(deploy.stderr).toMatch(
      /⟳ gcp:Project:shop-dev: retry 1 in \d+ ms after: updating project "shop-dev-e2e" failed: RESOURCE_EXHAUSTED: /,
    );
    expect(deploy.stderr).toMatch(/⟳ gcp:Project:shop-dev: retry 2 in \d+ ms/);
    const updates = (await emulator.requests())
      .slice(before)
      .filter((call) => call.method === 'Projects.UpdateProject');
    expect(updates.map((call) => call.status)).toEqual([
      'RESOURCE_EXHAUSTED',
      'RESOURCE_EXHAUSTED',
      'OK',
    ]);
    const dev = await projectNamed(DEV);
    expect(dev.displayName).toBe('Shop development');
    expect(dev.labels).toEqual({ team: 'shop', env: 'dev' }); // the drift is undone too
  });

  it('replaces a project whose id changes, saying loudly that the old one is deleted', async () => {
    const renamed = `${STAGING}-2`;
    await project.writeResources(landingZone({ devName: 'Shop development', stagingId: renamed }));
    const preview = await project.run(['preview', '--json']);
    expectExit(preview, 0);
    const plan = jsonOf<Plan>(preview);
    expect(plan.changes.find((c) => c.id === 'gcp:Project:shop-staging')).toMatchObject({
      action: 'Replace',
      reason: expect.stringContaining(
        `projectId cannot change in place ("${STAGING}" → "${renamed}"): a project id is permanent`,
      ),
    });
    expect(plan.changes.find((c) => c.id === 'gcp:Project:shop-staging')?.reason).toContain(
      `DELETES the GCP project "${STAGING}"`,
    );
    expect(plan.warnings).toEqual([
      {
        code: 'PROVIDER_NOTICE',
        message: expect.stringContaining(`this plan DELETES the GCP project "${STAGING}"`),
      },
    ]);
    const text = await project.run(['preview']);
    expect(text.stderr).toContain(
      `Warning: gcp:Project:shop-staging: this plan DELETES the GCP project "${STAGING}"`,
    );

    expectExit(await project.run(['deploy', '--yes']), 0);
    expect((await projectNamed(STAGING)).state).toBe('DELETE_REQUESTED');
    expect((await projectNamed(renamed)).state).toBe('ACTIVE');
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('destroys everything in a valid order: bindings and members, then values, key, projects, folder', async () => {
    const before = (await emulator.requests()).length;
    const destroy = await project.run(['destroy', '--yes']);
    expectExit(destroy, 0);
    expect(destroy.stderr).toContain(
      `Warning: gcp:Project:shop-dev: this plan DELETES the GCP project "${DEV}"`,
    );
    const calls = (await emulator.requests()).slice(before);
    const first = (predicate: (call: RecordedCall) => boolean): number =>
      calls.findIndex(predicate);
    const last = (predicate: (call: RecordedCall) => boolean): number =>
      calls.findLastIndex(predicate);
    const named = (method: string) => (call: RecordedCall) =>
      call.method === method && call.status === 'OK';
    const deletesProject = named('Projects.DeleteProject');
    const devName = (await projectNamed(DEV)).name;
    const deletesDev = (call: RecordedCall) =>
      deletesProject(call) && call.request['name'] === devName;
    expect(last(named('TagBindings.DeleteTagBinding'))).toBeLessThan(
      first(named('TagValues.DeleteTagValue')),
    );
    expect(last(named('TagValues.DeleteTagValue'))).toBeLessThan(
      first(named('TagKeys.DeleteTagKey')),
    );
    // The members and the binding of shop-dev go before shop-dev; both projects before the folder.
    expect(last(named('Projects.SetIamPolicy'))).toBeLessThan(first(deletesDev));
    expect(last(named('TagBindings.DeleteTagBinding'))).toBeLessThan(first(deletesDev));
    expect(last(deletesProject)).toBeLessThan(first(named('Folders.DeleteFolder')));
    expect(calls.filter(deletesProject)).toHaveLength(2);
    expect(calls.filter(named('Projects.SetIamPolicy'))).toHaveLength(2);

    const [folders] = await emulator.clients.folders.listFolders({ parent: ORGANIZATION });
    expect(folders.filter((folder) => folder.displayName === 'Platform')).toEqual([]);
    expect((await projectNamed(DEV)).state).toBe('DELETE_REQUESTED');
    const [keys] = await emulator.clients.tagKeys.listTagKeys({ parent: ORGANIZATION });
    expect(keys).toEqual([]);
    expect(await rolesOf((await projectNamed(DEV)).name ?? '')).toMatchObject({
      'roles/viewer': ['user:auditor@example.com'],
      'roles/browser': ['group:finance@example.com'],
    });
  });
});

describe('credentials from the secret store', () => {
  const KEY = 'GCP_DEPLOYER_KEY';
  const broken = 'secret-material-that-is-not-json-4711';
  let other: GcpProject | undefined;
  afterAll(() => other?.cleanup());

  it('resolves providers.gcp.credentials through ref://, and never prints it when it is wrong', async () => {
    const key = JSON.stringify({
      type: 'service_account',
      client_email: 'deployer@shop.iam.gserviceaccount.com',
      private_key:
        '-----BEGIN PRIVATE KEY-----\\nsecret-key-body-4711\\n-----END PRIVATE KEY-----\\n',
    });
    other = await createGcpProject({
      project: 'vault',
      gcpSettings: {
        endpoint: emulator.endpoint,
        restEndpoint: emulator.restEndpoint,
        parent: ORGANIZATION,
        credentials: `ref://${KEY}`,
      },
      workspace: { secretStore: { provider: 'env' } },
      env: { [KEY]: key },
    });
    await other.writeResources([gcp('Folder', 'vault', { displayName: 'Vault' })]);
    // A loopback endpoint gets no credentials, but they are resolved and checked all the same.
    const resolved = await other.run(['preview', '--exit-code', '--debug']);
    expectExit(resolved, 2);
    expect(resolved.stdout + resolved.stderr).not.toContain('secret-key-body-4711');

    const refused = await createGcpProject({
      project: 'vault',
      gcpSettings: { endpoint: emulator.endpoint, credentials: `ref://${KEY}` },
      workspace: { secretStore: { provider: 'env' } },
      env: { [KEY]: broken },
    });
    try {
      await refused.writeResources([gcp('Folder', 'vault', { displayName: 'Vault' })]);
      for (const args of [['preview'], ['preview', '--json'], ['preview', '--debug']]) {
        const result = await refused.run(args);
        expectExit(result, 1);
        expect(result.stdout + result.stderr).toContain(
          `must be the JSON of a credentials file (a service account key...), received a string of ${broken.length} characters that is not JSON`,
        );
        expect(result.stdout + result.stderr).not.toContain(broken);
      }
    } finally {
      await refused.cleanup();
    }
  });
});

/**
 * Long-running operations and fault injection, observed through the real clients: how many polls
 * an operation takes, what its metadata and response are packed as, how a failed operation looks,
 * and what the client itself does with RESOURCE_EXHAUSTED, UNAVAILABLE and ABORTED (its retry
 * settings come from the generated client config: only UNAVAILABLE, and only for reads).
 */
import { protos } from '@google-cloud/resource-manager';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadProtos } from '../protos.ts';
import { calledMethods, named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

const { status } = grpc;
const { Project } = protos.google.cloud.resourcemanager.v3;
const { CancelOperationRequest, GetOperationRequest } = protos.google.longrunning;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.emulator.controls.reset();
  harness.emulator.controls.setOperationPollsToComplete(2);
});

const statuses = (method: string) =>
  harness.emulator.requests
    .filter((request) => request.method === method)
    .map((request) => request.status);

describe('long-running operations', () => {
  it('are done after the configured number of GetOperation polls, with packed metadata and response', async () => {
    const [operation] = await harness.projects.createProject({
      project: { projectId: 'long-running', parent: ORGANIZATION },
    });
    expect(operation.name).toMatch(/^operations\/cp\.[0-9]+$/);
    expect(operation.done).toBe(false);
    expect(operation.latestResponse.metadata?.type_url).toBe(
      'type.googleapis.com/google.cloud.resourcemanager.v3.CreateProjectMetadata',
    );
    expect(operation.metadata).toMatchObject({ gettable: true, ready: false });

    const [project, metadata, final] = await operation.promise();
    expect(project).toMatchObject({ projectId: 'long-running', state: Project.State.ACTIVE });
    expect(metadata).toMatchObject({ gettable: true, ready: true });
    expect(final.done).toBe(true);
    expect((final as protos.google.longrunning.IOperation).response?.type_url).toBe(
      'type.googleapis.com/google.cloud.resourcemanager.v3.Project',
    );
    expect(calledMethods(harness.emulator)).toEqual([
      'Projects.CreateProject',
      'Operations.GetOperation',
      'Operations.GetOperation',
    ]);
  });

  it('can be followed by name with checkXProgress', async () => {
    harness.emulator.controls.setOperationPollsToComplete(3);
    const [operation] = await harness.projects.createProject({
      project: { projectId: 'checked-progress', parent: ORGANIZATION },
    });
    const first = await harness.projects.checkCreateProjectProgress(operation.name ?? '');
    expect(first.done).toBe(false);
    expect(first.metadata).toMatchObject({ ready: false });
    await harness.projects.checkCreateProjectProgress(operation.name ?? '');
    const third = await harness.projects.checkCreateProjectProgress(operation.name ?? '');
    expect(third.done).toBe(true);
    expect(third.result).toMatchObject({ projectId: 'checked-progress' });

    const [folderOperation] = await harness.folders.createFolder({
      folder: { displayName: 'progress', parent: ORGANIZATION },
    });
    const checked = await harness.folders.checkCreateFolderProgress(folderOperation.name ?? '');
    expect(checked.metadata).toMatchObject({ displayName: 'progress', parent: ORGANIZATION });
    await expect(
      harness.projects.checkCreateProjectProgress('operations/cp.404'),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('are done at once with zero polls', async () => {
    harness.emulator.controls.setOperationPollsToComplete(0);
    const [operation] = await harness.projects.createProject({
      project: { projectId: 'done-at-once', parent: ORGANIZATION },
    });
    expect(operation.done).toBe(true);
    await operation.promise();
    expect(calledMethods(harness.emulator)).toEqual(['Projects.CreateProject']);
  });

  it('fail with the injected error and change nothing', async () => {
    harness.emulator.controls.failNextOperation({
      method: 'CreateProject',
      code: 'INTERNAL',
      message: 'the project factory broke',
    });
    const [operation] = await harness.projects.createProject({
      project: { projectId: 'never-made', parent: ORGANIZATION },
    });
    await expect(operation.promise()).rejects.toMatchObject({
      code: status.INTERNAL,
      message: 'the project factory broke',
    });
    await expect(
      harness.projects.getProject({ name: 'projects/never-made' }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    // Only the next operation fails: the id is free and the retry works.
    const [retry] = await harness.projects.createProject({
      project: { projectId: 'never-made', parent: ORGANIZATION },
    });
    expect(named((await retry.promise())[0]).name).toMatch(/^projects\//);
  });

  it('carry the error status in Operation.error', async () => {
    const [first] = await harness.folders.createFolder({
      folder: { displayName: 'twin', parent: ORGANIZATION },
    });
    await first.promise();
    const [second] = await harness.folders.createFolder({
      folder: { displayName: 'twin', parent: ORGANIZATION },
    });
    await expect(second.promise()).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    // The rejection has the code and message; the details stay on the last polled operation.
    expect(second.latestResponse.error?.details?.[0]?.type_url).toBe(
      'type.googleapis.com/google.rpc.PreconditionFailure',
    );
    const [raw] = await harness.folders.getOperation(
      new GetOperationRequest({ name: second.name ?? '' }),
    );
    expect(raw.error).toMatchObject({
      code: status.FAILED_PRECONDITION,
      message: expect.stringContaining(`Folder reservation failed for parent [${ORGANIZATION}]`),
    });
    const detail = raw.error?.details?.[0];
    expect(detail?.type_url).toBe('type.googleapis.com/google.rpc.PreconditionFailure');
  });
});

describe('injected faults and the client', () => {
  it('RESOURCE_EXHAUSTED is not retried by the client', async () => {
    harness.emulator.controls.failCalls({
      method: 'Projects.GetProject',
      code: 'RESOURCE_EXHAUSTED',
    });
    await expect(
      harness.projects.getProject({ name: `projects/anything-at-all` }),
    ).rejects.toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      reason: 'RATE_LIMIT_EXCEEDED',
      details: expect.stringContaining("Quota exceeded for quota metric 'Read requests'"),
    });
    expect(statuses('Projects.GetProject')).toEqual(['RESOURCE_EXHAUSTED']);
  });

  it('RESOURCE_EXHAUSTED on a mutation names the write quota', async () => {
    harness.emulator.controls.failCalls({ method: 'CreateFolder', code: 'RESOURCE_EXHAUSTED' });
    await expect(
      harness.folders.createFolder({ folder: { displayName: 'Throttled', parent: ORGANIZATION } }),
    ).rejects.toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      details: expect.stringContaining(
        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute'",
      ),
    });
  });

  it('UNAVAILABLE is retried by the client for reads, with backoff, until it succeeds', async () => {
    const [operation] = await harness.projects.createProject({
      project: { projectId: 'flaky-read', parent: ORGANIZATION },
    });
    await operation.promise();
    harness.emulator.controls.clearRequests();
    harness.emulator.controls.failCalls({ method: 'GetProject', code: 'UNAVAILABLE', times: 2 });
    const [project] = await harness.projects.getProject({ name: 'projects/flaky-read' });
    expect(project.projectId).toBe('flaky-read');
    expect(statuses('Projects.GetProject')).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK']);
  });

  it('UNAVAILABLE on a mutation and ABORTED anywhere reach the caller at once', async () => {
    harness.emulator.controls.failCalls({ method: 'Projects.CreateProject', code: 'UNAVAILABLE' });
    await expect(
      harness.projects.createProject({
        project: { projectId: 'flaky-write', parent: ORGANIZATION },
      }),
    ).rejects.toMatchObject({ code: status.UNAVAILABLE });
    harness.emulator.controls.failCalls({ method: 'SetIamPolicy', code: status.ABORTED });
    await expect(
      harness.organizations.setIamPolicy({ resource: ORGANIZATION, policy: {} }),
    ).rejects.toMatchObject({ code: status.ABORTED });
    expect(statuses('Projects.CreateProject')).toEqual(['UNAVAILABLE']);
    expect(statuses('Organizations.SetIamPolicy')).toEqual(['ABORTED']);
  });

  it('a fault for N calls answers exactly N calls', async () => {
    harness.emulator.controls.failCalls({
      method: 'Organizations.GetOrganization',
      code: 'RESOURCE_EXHAUSTED',
      times: 2,
    });
    for (const expected of [status.RESOURCE_EXHAUSTED, status.RESOURCE_EXHAUSTED]) {
      await expect(
        harness.organizations.getOrganization({ name: ORGANIZATION }),
      ).rejects.toMatchObject({ code: expected });
    }
    const [organization] = await harness.organizations.getOrganization({ name: ORGANIZATION });
    expect(organization.name).toBe(ORGANIZATION);
  });
});

describe('what is not served', () => {
  it('answers UNIMPLEMENTED for operations methods other than GetOperation', async () => {
    await expect(
      harness.projects.cancelOperation(new CancelOperationRequest({ name: 'operations/cp.1' })),
    ).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
    expect(statuses('Operations.CancelOperation')).toEqual(['UNIMPLEMENTED']);
  });

  it('answers UNIMPLEMENTED for services Resource Manager does not serve', async () => {
    const definition = loadProtos().service('google.iam.v1.IAMPolicy');
    const IamPolicyClient = grpc.makeGenericClientConstructor(definition, 'IAMPolicy');
    const client = new IamPolicyClient(
      harness.emulator.endpoint,
      grpc.credentials.createInsecure(),
    );
    try {
      const code = await new Promise<number | undefined>((resolve) => {
        client.makeUnaryRequest(
          '/google.iam.v1.IAMPolicy/GetIamPolicy',
          (value: object) =>
            Buffer.from(loadProtos().encode('google.iam.v1.GetIamPolicyRequest', value)),
          (bytes: Buffer) => bytes,
          { resource: 'projects/x' },
          (error) => {
            resolve(error?.code);
          },
        );
      });
      expect(code).toBe(status.UNIMPLEMENTED);
    } finally {
      client.close();
    }
  });
});

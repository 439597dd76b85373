/**
 * Liens over REST, called as the provider will call them: google-auth-library's HTTP client (here
 * the credential-less PassThroughClient) against the emulator's REST endpoint. A lien restricting
 * `resourcemanager.projects.delete` makes DeleteProject (gRPC) fail until it is removed.
 */
import { status } from '@grpc/grpc-js';
import { gaxios, PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { named, ORGANIZATION, startHarness, type Harness } from './harness.ts';

interface Lien {
  readonly name: string;
  readonly parent: string;
  readonly restrictions: readonly string[];
  readonly reason: string;
  readonly origin: string;
  readonly createTime: string;
}

let harness: Harness;
let project: { readonly name: string };
const http = new PassThroughClient();
beforeAll(async () => {
  harness = await startHarness({ operationPollsToComplete: 1 });
});
afterAll(() => harness.close());
beforeEach(async () => {
  harness.emulator.controls.reset();
  const [operation] = await harness.projects.createProject({
    project: { projectId: 'protected-project', parent: ORGANIZATION },
  });
  project = named((await operation.promise())[0]);
});

const url = (path: string) => `${harness.emulator.restEndpoint}${path}`;

async function createLien(body: object): Promise<Lien> {
  const response = await http.request<Lien>({ url: url('/v3/liens'), method: 'POST', data: body });
  return response.data;
}

/** The HTTP status and Google error body of a failed call. */
async function failure(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof gaxios.GaxiosError))
    throw new Error(`expected a GaxiosError, got ${String(error)}`);
  return { status: error.status, body: error.response?.data as unknown };
}

const protection = {
  restrictions: ['resourcemanager.projects.delete'],
  reason: 'Holds production data',
  origin: 'kusion',
};

describe('liens', () => {
  it('protect a project from deletion until they are removed', async () => {
    const lien = await createLien({ ...protection, parent: 'projects/protected-project' });
    expect(lien).toEqual({
      name: expect.stringMatching(
        new RegExp(`^liens/p${project.name.split('/')[1] ?? ''}-l[0-9a-f-]{36}$`),
      ),
      parent: project.name,
      ...protection,
      createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    await expect(harness.projects.deleteProject({ name: project.name })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining('placed on the project by [kusion]'),
      statusDetails: [
        {
          violations: [
            {
              type: 'LIEN',
              subject: lien.name,
              description:
                'A lien to prevent deletion was placed on the project by [kusion]. Remove the lien to allow deletion.',
            },
          ],
        },
      ],
    });

    const listed = await http.request<{ liens?: Lien[] }>({
      url: url('/v3/liens'),
      params: { parent: project.name },
    });
    expect(listed.data.liens).toEqual([lien]);
    const got = await http.request<Lien>({ url: url(`/v3/${lien.name}`) });
    expect(got.data).toEqual(lien);

    const deleted = await http.request({ url: url(`/v3/${lien.name}`), method: 'DELETE' });
    expect(deleted.data).toEqual({});
    const empty = await http.request({ url: url('/v3/liens'), params: { parent: project.name } });
    expect(empty.data).toEqual({});

    const [deletion] = await harness.projects.deleteProject({ name: project.name });
    await deletion.promise();
  });

  it('answer Google error bodies with the HTTP status of each code', async () => {
    expect(await failure(createLien({ ...protection }))).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: 400,
          status: 'INVALID_ARGUMENT',
          message: expect.stringContaining('parent'),
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'parent', description: 'parent is required' }],
            },
          ],
        }),
      },
    });
    expect(
      await failure(createLien({ ...protection, parent: 'projects/somebody-elses' })),
    ).toMatchObject({
      status: 403,
      body: {
        error: {
          status: 'PERMISSION_DENIED',
          details: [expect.objectContaining({ reason: 'IAM_PERMISSION_DENIED' })],
        },
      },
    });
    expect(
      await failure(
        createLien({
          ...protection,
          parent: project.name,
          restrictions: ['resourcemanager.projects.update'],
        }),
      ),
    ).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    expect(await failure(http.request({ url: url('/v3/liens/p1-lnothing') }))).toMatchObject({
      status: 404,
      body: { error: { status: 'NOT_FOUND' } },
    });
    expect(await failure(http.request({ url: url('/v3/liens') }))).toMatchObject({ status: 400 });
  });

  it('answer injected faults, which the HTTP client does not retry', async () => {
    harness.emulator.controls.failCalls({ method: 'Liens.ListLiens', code: 'RESOURCE_EXHAUSTED' });
    expect(
      await failure(http.request({ url: url('/v3/liens'), params: { parent: project.name } })),
    ).toMatchObject({ status: 429, body: { error: { status: 'RESOURCE_EXHAUSTED' } } });
    const calls = harness.emulator.requests.filter(
      (request) => request.method === 'Liens.ListLiens',
    );
    expect(calls).toEqual([
      expect.objectContaining({
        transport: 'rest',
        request: { parent: project.name },
        status: 'RESOURCE_EXHAUSTED',
      }),
    ]);
  });
});

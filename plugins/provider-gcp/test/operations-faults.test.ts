/**
 * Long-running operations and transient failures: operations polled to completion with backoff, a
 * failed operation surfaced with its code and details, the run's deadline and Ctrl-C honoured,
 * reads retried inside on RESOURCE_EXHAUSTED / UNAVAILABLE / ABORTED, and mutations handed back to
 * the engine as retryable.
 */
import { isRetryable } from '@kusion/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import {
  context,
  createProjectOutside,
  drive,
  gcp,
  OPTIONS,
  providerFor,
  startEmulator,
  unique,
} from './gcp-fixtures.js';
import { silentIoHost } from '@kusion/sdk';

const started = await startEmulator();
const { emulator, outside } = started;
const provider = providerFor(emulator);
const driver = drive(provider);
afterAll(async () => {
  await provider.close?.();
  await started.close();
});

const since = () => {
  const start = emulator.requests.length;
  return () => emulator.requests.slice(start);
};

describe('long-running operations', () => {
  it('polls an operation until done, then reads the result back', async () => {
    emulator.controls.setOperationPollsToComplete(3);
    const calls = since();
    const displayName = unique('ops').slice(0, 30);
    const state = await driver.apply(gcp('Folder', displayName));
    emulator.controls.setOperationPollsToComplete(1);
    expect(calls().map((request) => request.method)).toEqual([
      'Folders.ListFolders', // is it there already?
      'Folders.CreateFolder',
      'Operations.GetOperation',
      'Operations.GetOperation',
      'Operations.GetOperation',
      'Folders.GetFolder',
    ]);
    expect(state.attributes).toMatchObject({
      displayName,
      name: expect.stringMatching(/^folders\//),
    });
  });

  it('surfaces a failed operation with its code and details, retryable when transient', async () => {
    emulator.controls.failNextOperation({
      method: 'Folders.CreateFolder',
      code: 'FAILED_PRECONDITION',
      message: 'Folder reservation failed: the organization holds too many folders.',
    });
    const error = await driver
      .apply(gcp('Folder', unique('f').slice(0, 30)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PROVIDER_FAILED',
      message: expect.stringMatching(
        /^creating folder ".+" in organizations\/123456789012 failed: FAILED_PRECONDITION: Folder reservation failed: the organization holds too many folders\.$/,
      ),
    });
    expect(isRetryable(error)).toBe(false);

    emulator.controls.failNextOperation({ method: 'Folders.CreateFolder', code: 'UNAVAILABLE' });
    const transient = await driver
      .apply(gcp('Folder', unique('f').slice(0, 30)))
      .catch((e: unknown) => e);
    expect(isRetryable(transient)).toBe(true);
  });

  it('stops waiting at the deadline and when the run is stopped', async () => {
    emulator.controls.setOperationPollsToComplete(1000);
    try {
      const resource = gcp('Folder', unique('slow').slice(0, 30));
      const base = {
        io: silentIoHost,
        context,
        report: () => undefined,
        action: 'Create' as const,
      };
      const late = await provider
        .apply({
          ...base,
          resource,
          signal: new AbortController().signal,
          options: { ...OPTIONS, deadline: Date.now() + 400 },
        })
        .catch((e: unknown) => e);
      expect(late).toMatchObject({
        message: expect.stringContaining('did not finish in time'),
        hint: expect.stringContaining('raise --timeout'),
      });

      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => {
        controller.abort();
      }, 200);
      const stopped = await provider
        .apply({
          ...base,
          resource: gcp('Folder', unique('stop').slice(0, 30)),
          signal: controller.signal,
          options: OPTIONS,
        })
        .catch((e: unknown) => e);
      expect(stopped).toMatchObject({ code: 'CANCELLED' });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      emulator.controls.setOperationPollsToComplete(1);
    }
  });
});

describe('transient failures', () => {
  it('retries reads on RESOURCE_EXHAUSTED and UNAVAILABLE itself', async () => {
    const projectId = unique('busy');
    const name = await createProjectOutside(outside, projectId);
    emulator.controls.failCalls({
      method: 'Projects.GetProject',
      code: 'RESOURCE_EXHAUSTED',
      times: 2,
    });
    emulator.controls.failCalls({ method: 'Projects.GetProject', code: 'UNAVAILABLE', times: 1 });
    const calls = since();
    expect(await driver.read(gcp('Project', projectId))).toMatchObject({ name });
    expect(calls().map((request) => request.status)).toEqual([
      'RESOURCE_EXHAUSTED',
      'RESOURCE_EXHAUSTED',
      'UNAVAILABLE',
      'OK',
    ]);
  });

  it('hands a throttled mutation back to the engine as retryable, and the retry converges', async () => {
    const projectId = unique('quota');
    const desired = gcp('Project', projectId);
    emulator.controls.failCalls({ method: 'Projects.CreateProject', code: 'RESOURCE_EXHAUSTED' });
    const error = await driver.apply(desired).catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(true);
    expect(error).toMatchObject({
      message: expect.stringContaining('RESOURCE_EXHAUSTED'),
      hint: expect.stringContaining('quota'),
    });
    const state = await driver.apply(desired);
    expect(state.attributes['projectId']).toBe(projectId);
  });

  it('does not retry what will not change: a permission refused is an error at once', async () => {
    const calls = since();
    emulator.controls.denyPermission(
      'organizations/123456789012',
      'resourcemanager.folders.create',
    );
    const error = await driver
      .apply(gcp('Folder', unique('denied').slice(0, 30)))
      .catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(false);
    expect(error).toMatchObject({
      message: expect.stringContaining('PERMISSION_DENIED'),
      hint: expect.stringContaining('grant the caller a role'),
    });
    expect(calls().filter((request) => request.method === 'Folders.CreateFolder')).toHaveLength(1);
  });
});

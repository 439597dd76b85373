/**
 * What a plan can already know is bound to fail fails at plan time, in preview as in deploy, with
 * file:line, before anything is applied (defects 6 and 7 of issue 12).
 */
import { isKusionError } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, listReleases, preview } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

const failureOf = async (run: Promise<unknown>): Promise<Error & { code?: string }> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the run to fail');
  return error;
};

describe('plan-time validation', () => {
  it('refuses a reference to a missing attribute of an unchanged resource in preview, and deploy applies nothing (defect 6)', async () => {
    project = await createScratchProject();
    await project.writeResources([test('db', { engine: 'postgres' }), test('old', { size: 1 })]);
    await deploy(project.options());
    const operationsBefore = (await project.operations()).length;
    // `old` is deleted and `app` created, but `app` points at an attribute `db` does not have.
    await project.writeResources([
      test('db', { engine: 'postgres' }),
      test('app', { database: '$kusion_path.db.hostname' }),
    ]);
    const previewed = await failureOf(preview(project.options()));
    expect(isKusionError(previewed) && previewed.code).toBe('SPEC_INVALID');
    expect(previewed.message).toMatch(
      /^(.*\/)?main\.yaml:\d+: "app" references \$kusion_path\.db\.hostname, but "db" is unchanged by this plan and has no value at that path$/,
    );
    const deployed = await failureOf(deploy(project.options()));
    expect(deployed.message).toBe(previewed.message);
    // Nothing applied: no delete of `old`, no release recorded.
    expect((await project.operations()).length).toBe(operationsBefore);
    expect((await listReleases(project.options())).length).toBe(1);
  });

  it('still lets a reference to an attribute that only the apply of its target gives through', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('db', { engine: 'postgres' }),
      test('app', { database: '$kusion_path.db.uid' }),
    ]);
    expect((await preview(project.options())).summary.create).toBe(2);
    expect((await deploy(project.options())).status).toBe('succeeded');
  });

  it('refuses a resource depending on itself, and an id with a newline, naming main.yaml:line (defect 7)', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a', {}, { dependsOn: ['a'] })]);
    const selfEdge = await failureOf(preview(project.options()));
    expect(selfEdge.message).toMatch(
      /^(.*\/)?main\.yaml:\d+: "a" depends on itself \(dependsOn\)$/,
    );

    await project.writeResources([test('bad\nid')]);
    const badId = await failureOf(preview(project.options()));
    expect(badId.message).toMatch(/^(.*\/)?main\.yaml:\d+: "bad\\nid" is not a valid id/);
    expect(badId.message).not.toContain('\n');
  });
});

describe('what a deploy reports', () => {
  it('counts each resource’s retries of transient failures, and failures, in its result (defect 8)', async () => {
    project = await createScratchProject({
      test: { transientFailRate: 0.5, seed: 7, failIds: ['broken'] },
    });
    await project.writeResources([
      ...Array.from({ length: 10 }, (_, i) => test(`r${i}`)),
      test('broken'),
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('failed');
    const retried = result.resources.filter((r) => (r.retries ?? 0) > 0);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((r) => r.status === 'succeeded')).toBe(true);
    const retryMessages = project.io.messages.filter((m) => m.code === 'RESOURCE_RETRY');
    expect(retried.reduce((sum, r) => sum + (r.retries ?? 0), 0)).toBe(retryMessages.length);
    expect(result.resources.find((r) => r.id === 'broken')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('listed in failIds'),
    });
  });
});

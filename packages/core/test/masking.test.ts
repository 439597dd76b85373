/**
 * The engine masks every diff and message itself, whatever a provider returns: a nested sensitive
 * value in a batch diff, in a resource diff, and a resolved ref:// value a provider echoes in an error.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isKusionError } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploy, preview, updateWorkspace } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  delete process.env.KUSION_TEST_LATENCY;
  await project.cleanup();
});

const SECRET = 'nested-secret-4711';
const UPDATED = 'nested-secret-0815';
const withUsers = (password: string): Resource =>
  test(
    'db',
    {
      engine: 'postgres',
      users: [
        { name: 'app', password },
        { name: 'ro', password: `${password}-ro` },
      ],
    },
    { extensions: { sensitivePaths: ['users.*.password'] } },
  );

describe.each([
  ['batch', { batch: true }],
  ['resource', {}],
])('the engine masks nested sensitive values (%s provider)', (_kind, settings) => {
  it('in the plan of a create and of an update, and in every message', async () => {
    project = await createScratchProject({ test: settings });
    await project.writeResources([withUsers(SECRET)]);
    const created = await preview(project.options());
    expect(created.changes[0]?.action).toBe('Create');
    await deploy(project.options());
    await project.writeResources([withUsers(UPDATED)]);
    const updated = await preview(project.options());
    expect(updated.changes[0]?.action).toBe('Update');
    expect(updated.changes[0]?.diff.length).toBeGreaterThan(0);
    const seen = JSON.stringify({ created, updated, messages: project.io.messages });
    for (const secret of [SECRET, UPDATED, `${SECRET}-ro`]) expect(seen).not.toContain(secret);
    expect(seen).toContain('(sensitive)');
    // The cloud itself got the real values: only what the user sees is masked.
    expect(JSON.stringify(await project.cloud())).toContain(SECRET);
  });
});

describe('a resolved ref:// value a provider echoes', () => {
  it('reaches errors, their stack and every message only as (sensitive)', async () => {
    project = await createScratchProject();
    process.env.KUSION_TEST_LATENCY = 'fast-but-secret-42';
    await writeFile(
      join(project.dir, 'workspace.yaml'),
      stringify({
        providers: { test: { dir: '.cloud-test', latencyMs: 'ref://KUSION_TEST_LATENCY' } },
        secretStore: { provider: 'env' },
      }),
    );
    await updateWorkspace({
      ...project.options(),
      name: 'dev',
      file: join(project.dir, 'workspace.yaml'),
    });
    await project.writeResources([test('a', { x: 1 })]);
    const error = await preview(project.options()).catch((e: unknown) => e);
    expect(isKusionError(error)).toBe(true);
    const { message, stack } = error as Error;
    expect(message).toContain('"latencyMs" must be a number');
    expect(message).toContain('received "(sensitive)"');
    for (const text of [message, stack ?? '', JSON.stringify(project.io.messages)])
      expect(text).not.toContain('fast-but-secret-42');
  });
});

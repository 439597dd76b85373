/**
 * The azure-blob backend through the built CLI, on Azurite (started here, stopped by its pid):
 * of two concurrent deploys on one workspace exactly one runs; the other exits 3 naming the holder.
 */
import { startAzurite } from '@kusion/test-peers';
import type { AzuritePeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, createAzureProject } from './azure-project.ts';
import type { AzureProject } from './azure-project.ts';

let azurite: AzuritePeer;
let project: AzureProject;

beforeAll(async () => {
  await assertBuilt();
  azurite = await startAzurite();
  project = await createAzureProject({
    project: 'shop',
    workspace: {
      providers: { test: { package: '@kusion/testkit', dir: 'cloud', latencyMs: 1500 } },
    },
    config: {
      backends: {
        current: 'team',
        team: {
          type: 'azure-blob',
          configs: { container: 'kusion-state', prefix: 'shop/', createContainer: true },
        },
      },
    },
    env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
  });
  await project.writeResources([
    { id: 'test:db', type: 'Test', attributes: { size: 'small' } },
    { id: 'test:app', type: 'Test', attributes: { db: '$kusion_path.test:db.uid' } },
  ]);
});
afterAll(async () => {
  await project.cleanup();
  await azurite.stop();
});

describe('the azure-blob backend through the CLI', () => {
  it('runs exactly one of two concurrent deploys; the other exits 3 naming the holder', async () => {
    const first = project.start(['deploy', '--yes']);
    const second = project.start(['deploy', '--yes']);
    const results = await Promise.all([first.result, second.result]);
    const codes = results.map((result) => result.code).sort();
    expect(codes, results.map((result) => result.transcript).join('\n')).toEqual([0, 3]);
    const loser = results.find((result) => result.code === 3);
    expect(loser?.stderr).toMatch(/locked by .+@.+ \(pid \d+/);
    const list = await project.run(['release', 'list', '--json']);
    expect(list.code, list.transcript).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({
      releases: [expect.objectContaining({ revision: 1 })],
    });
  });
});

/**
 * The object-store backend lists the scopes with releases (`project list`, `release show
 * --project`, `resource show/graph`): one listing per folder level of `releases/`.
 */
import { sampleRelease, sampleWriter } from '@kusion/testkit/backend-conformance';
import { describe, expect, it } from 'vitest';
import { useAzurite } from './azurite-container.js';

const azurite = useAzurite();

describe('azure-blob release scopes', () => {
  it('lists every project, workspace and stack with releases, sorted, and filters them', async () => {
    const backend = await azurite.open(await azurite.newContainer());
    expect(await backend.releases.scopes?.()).toEqual([]);
    const dev = await sampleWriter(backend);
    const prod = await sampleWriter(backend, { scope: { project: 'api', workspace: 'prod' } });
    await backend.releases.create(sampleRelease(1, [], { stack: 'web' }), dev.write);
    await backend.releases.create(sampleRelease(1, [], { stack: 'jobs' }), dev.write);
    await backend.releases.create(
      sampleRelease(1, [], { project: 'api', workspace: 'prod', stack: 'main' }),
      prod.write,
    );
    expect(await backend.releases.scopes?.()).toEqual([
      { project: 'api', workspace: 'prod', stack: 'main' },
      { project: 'shop', workspace: 'dev', stack: 'jobs' },
      { project: 'shop', workspace: 'dev', stack: 'web' },
    ]);
    expect(await backend.releases.scopes?.({ project: 'shop', workspace: 'dev' })).toHaveLength(2);
    expect(await backend.releases.scopes?.({ workspace: 'prod' })).toEqual([
      { project: 'api', workspace: 'prod', stack: 'main' },
    ]);
  });
});

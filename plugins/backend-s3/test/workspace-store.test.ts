/** What the S3 workspace store adds to the contract: its objects, and damaged ones. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();

describe('s3 workspace store', () => {
  it('stores each workspace as YAML and the selection as a name', async () => {
    const store = moto.backend().workspaces;
    await store.create({ name: 'prod', context: { region: 'eu-west-1' } });
    await store.setCurrent('prod');
    expect(parse((await moto.read('workspaces/prod.yaml'))!)).toEqual({
      name: 'prod',
      context: { region: 'eu-west-1' },
    });
    expect(await moto.read('current-workspace')).toBe('prod\n');
    // Under its own prefix: another team's backend on the same bucket sees nothing.
    expect(await moto.backend({ prefix: 'team-b' }).workspaces.list()).toEqual([]);
  });

  it('reports a damaged workspace object naming it, and replaces it on update', async () => {
    await moto.write('workspaces/dev.yaml', 'name: dev\ncontext: [unclosed\n');
    const store = moto.backend().workspaces;
    await expect(store.get('dev')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      diagnostics: [
        expect.objectContaining({ file: 's3://kusion-state/team-a/workspaces/dev.yaml' }),
      ],
      hint: expect.stringContaining('kusion workspace update dev'),
    });
    await moto.write('workspaces/dev.yaml', '');
    await store.update({ name: 'dev', context: { fixed: true } });
    expect(await store.get('dev')).toEqual({ name: 'dev', context: { fixed: true } });
  });

  it('reports an invalid selection as STATE_CORRUPT', async () => {
    await moto.write('current-workspace', '../etc\n');
    await expect(moto.backend().workspaces.getCurrent()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      hint: expect.stringContaining('kusion workspace switch'),
    });
  });
});

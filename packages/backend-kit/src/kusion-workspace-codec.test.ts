/** Kusion's `workspaces/.metadata.yml`, as Kusion writes it (fixtures from tools/kusion-fixtures). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_KUSION_WORKSPACES, parseKusionWorkspacesMetadata } from './kusion-workspace-codec.js';
import { workspaceFromDocument } from './workspace-codec.js';
import { load } from 'js-yaml';

const FOLDER = new URL('../test/kusion-home/workspaces/', import.meta.url);
const place = { where: '/home/ana/.kusion/workspaces/.metadata.yml', restoreFrom: 'from a backup' };
const read = (name: string): string => readFileSync(new URL(name, FOLDER), 'utf8');

describe("Kusion's workspaces metadata", () => {
  it('names the current workspace and every workspace Kusion knows', async () => {
    expect(await parseKusionWorkspacesMetadata(read('.metadata.yml'), place)).toEqual({
      current: 'dev',
      available: ['default', 'dev', 'prod'],
    });
  });

  it('is empty when Kusion never wrote it, or wrote nothing', async () => {
    expect(await parseKusionWorkspacesMetadata(undefined, place)).toBe(NO_KUSION_WORKSPACES);
    expect(await parseKusionWorkspacesMetadata('', place)).toEqual({
      current: undefined,
      available: [],
    });
  });

  it('leaves out names no workspace of ours could have', async () => {
    const text = 'availableWorkspaces:\n    - dev\n    - a/b\n    - .hidden\n    - dev\n    - 7\n';
    expect((await parseKusionWorkspacesMetadata(text, place)).available).toEqual(['dev']);
  });

  it('reports damage naming the file', async () => {
    for (const text of [
      'current: [dev]\n',
      'availableWorkspaces: dev\n',
      'current: ../x\n',
      ':\n- [',
    ]) {
      await expect(parseKusionWorkspacesMetadata(text, place), text).rejects.toThrow(
        expect.objectContaining({
          code: 'STATE_CORRUPT',
          message: expect.stringContaining(place.where) as unknown,
        }),
      );
    }
  });
});

describe('a Kusion workspace record', () => {
  it('reads as a workspace named by its record, with Kusion keys kept', () => {
    expect(workspaceFromDocument(load(read('dev.yaml')), 'dev.yaml', 'dev')).toEqual({
      name: 'dev',
      modules: {
        mysql: {
          path: 'ghcr.io/kusionstack/mysql',
          version: '0.1.0',
          configs: {
            default: { instanceType: 'db.t3.micro', type: 'aws', version: '5.7' },
            smallClass: { projectSelector: ['shop'], instanceType: 'db.t3.small' },
          },
        },
      },
      secretStore: { provider: { aws: { region: 'us-east-1' } } },
      context: { kubernetes: { kubeConfig: '/etc/kubeconfig.yaml' } },
    });
    // Kusion writes its empty `default` as `{}`.
    expect(workspaceFromDocument(load(read('default.yaml')), 'default.yaml', 'default')).toEqual({
      name: 'default',
    });
  });
});

/** Workspaces: named records, at most one per name, and the selection of the current one. */
import { expect } from 'vitest';
import { containing } from './matchers.js';
import type { BackendConformanceCheck } from './types.js';

const prod = {
  name: 'prod',
  providers: { test: { dir: '/cloud' } },
  context: { region: 'eu-west-1' },
};

export const workspaceChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'workspace-lifecycle',
    title: 'creates, reads, lists (sorted), updates and deletes workspaces',
    async run(target) {
      const store = (await target.open()).workspaces;
      expect(await store.list()).toEqual([]);
      await store.create(prod);
      await store.create({ name: 'dev' });
      expect(await store.list()).toEqual(['dev', 'prod']);
      expect(await store.get('prod')).toEqual(prod);
      expect(await store.get('qa')).toBeUndefined();
      await store.update({ ...prod, context: { region: 'us-east-1' } });
      expect((await store.get('prod'))?.context).toEqual({ region: 'us-east-1' });
      await store.delete('dev');
      expect(await store.list()).toEqual(['prod']);
      expect(await store.get('dev')).toBeUndefined();
    },
  },
  {
    name: 'workspace-create-race',
    title: 'lets one of 10 racing creators of a name win; the others get WORKSPACE_EXISTS',
    async run(target) {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, async () => (await target.open()).workspaces.create(prod)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      await expect((await target.open()).workspaces.create(prod)).rejects.toMatchObject({
        code: 'WORKSPACE_EXISTS',
        message: containing('"prod"'),
        hint: containing('taken: prod'),
      });
    },
  },
  {
    name: 'workspace-missing',
    title: 'fails update and delete of a missing workspace with WORKSPACE_NOT_FOUND',
    async run(target) {
      const store = (await target.open()).workspaces;
      await store.create({ name: 'dev' });
      await expect(store.update({ name: 'qa' })).rejects.toMatchObject({
        code: 'WORKSPACE_NOT_FOUND',
        hint: containing('Existing workspaces: dev'),
      });
      await expect(store.delete('qa')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
      expect(await store.list()).toEqual(['dev']);
    },
  },
  {
    name: 'current-workspace',
    title: 'selects a current workspace, clears it, and clears it when that workspace is deleted',
    async run(target) {
      const store = (await target.open()).workspaces;
      expect(await store.getCurrent()).toBeUndefined();
      await store.create({ name: 'dev' });
      await store.create(prod);
      await store.setCurrent('dev');
      expect(await store.getCurrent()).toBe('dev');
      expect(await (await target.open()).workspaces.getCurrent()).toBe('dev');
      await store.delete('prod');
      expect(await store.getCurrent()).toBe('dev');
      await store.delete('dev');
      expect(await store.getCurrent()).toBeUndefined();
      await store.create({ name: 'dev' });
      await store.setCurrent('dev');
      await store.setCurrent(undefined);
      expect(await store.getCurrent()).toBeUndefined();
      await expect(store.setCurrent('missing')).rejects.toMatchObject({
        code: 'WORKSPACE_NOT_FOUND',
      });
    },
  },
  {
    name: 'workspace-names',
    title: 'refuses names that could escape their folder with INVALID_ARGUMENT',
    async run(target) {
      const store = (await target.open()).workspaces;
      await expect(store.create({ name: '../escape' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.get('a/b')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.setCurrent('..')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    },
  },
];

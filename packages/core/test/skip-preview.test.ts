/** `deploy --skip-preview`: no read and no plan call; the diff is told from what apply returns. */
import { afterEach, describe, expect, it } from 'vitest';
import { deploy } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

describe('deploy with skipPreview', () => {
  it('applies without reading, reports unchanged and changed resources from the applied objects, and deletes what left the Spec', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('a', { size: 1 }),
      test('b', { size: 1 }),
      test('gone', { size: 1 }),
    ]);
    expect((await deploy(project.options())).status).toBe('succeeded');

    await project.writeResources([
      test('a', { size: 1 }),
      test('b', { size: 2 }),
      test('new', { size: 3 }),
    ]);
    project.io.clear();
    const result = await deploy(project.options({ skipPreview: true }));
    expect(result.status).toBe('succeeded');
    const byId = Object.fromEntries(result.resources.map((r) => [r.id, r]));
    expect(byId.a).toMatchObject({ action: 'UnChanged', status: 'succeeded' });
    expect(byId.b).toMatchObject({
      action: 'Update',
      diff: [{ path: 'size', kind: 'change', before: 1, after: 2 }],
    });
    expect(byId.new).toMatchObject({ action: 'Create' });
    expect(byId.gone).toMatchObject({ action: 'Delete', status: 'succeeded' });
    expect(result.summary).toEqual({ create: 1, update: 1, replace: 0, delete: 1, unchanged: 1 });
    // No read: the plan came from the Spec and the state alone.
    const calls = result.timings?.providers[0]?.callsByOperation;
    expect(calls).toMatchObject({ read: 0, put: 3, remove: 1 });
    // Every resource started was also told done, the unchanged one included.
    const done = project.io
      .messagesWithCode('RESOURCE_DONE')
      .map((m) => m.data.id)
      .sort();
    expect(done).toEqual(['a', 'b', 'gone', 'new']);
    expect(Object.keys(await project.cloud()).sort()).toEqual(['a.json', 'b.json', 'new.json']);
  });
});

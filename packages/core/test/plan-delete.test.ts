/** `planDelete`: a resource provider says what deleting a recorded object means, in the plan's reason. */
import { createTestProvider, testProvider } from '@kusion/testkit';
import { defineProvider } from '@kusion/sdk';
import type { ResourceProvider } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, destroy, preview } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

/** The file-backed provider of type `Other`, which warns before deleting anything whose id starts with `keep-`. */
const warningProvider = defineProvider({
  name: 'other',
  resourceTypes: ['Other'],
  create: async (request) => {
    const inner = (await createTestProvider(request)) as ResourceProvider;
    return {
      ...inner,
      planDelete: async ({ resource, io }) => {
        if (!resource.id.startsWith('keep-')) return {};
        await io.notify({
          level: 'warn',
          code: 'PROVIDER_NOTICE',
          message: `${resource.id} holds data: deleting it loses the data`,
          data: { provider: 'other', resourceId: resource.id },
        });
        return { reason: 'DELETES the data it holds' };
      },
    };
  },
});

describe('planDelete', () => {
  it('adds the provider’s reason to the engine’s, warns, and leaves other deletions alone', async () => {
    project = await createScratchProject({ test: {}, other: {} });
    const options = project.options({ plugins: [testProvider, warningProvider] });
    await project.writeResources([
      test('keep-db', {}, { type: 'Other' }),
      test('scratch', {}, { type: 'Other' }),
      test('app'),
    ]);
    expect((await deploy(options)).status).toBe('succeeded');

    await project.writeResources([test('app')]);
    const plan = await preview(options);
    expect(plan.changes.map((c) => [c.id, c.action, c.reason])).toEqual(
      expect.arrayContaining([
        ['keep-db', 'Delete', 'removed from spec: DELETES the data it holds'],
        ['scratch', 'Delete', 'removed from spec'],
        ['app', 'UnChanged', 'up to date'],
      ]),
    );
    const warnings = project.io.messages.filter(
      (m) => m.code === 'PROVIDER_NOTICE' && m.level === 'warn',
    );
    expect(warnings.map((m) => m.message)).toEqual([
      'keep-db holds data: deleting it loses the data',
    ]);

    const destroyed = await destroy(options);
    expect(destroyed.status).toBe('succeeded');
  });
});

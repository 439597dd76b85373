import { definePlugin, isKusionError } from '@kusion/sdk';
import type { ApplySummary, KusionPlugin } from '@kusion/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, generate, preview } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKusionError(error)) throw new Error(`expected a Kusion error, got ${String(error)}`);
  return { code: String(error.code), message: error.message };
}

describe('plugins', () => {
  it('transform resources through the resource hook', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a', { x: 1 })]);
    const labels: KusionPlugin = definePlugin({
      name: 'labels',
      apply(host) {
        host.hooks.resource.tap('labels', (resource, context) => ({
          ...resource,
          attributes: { ...resource.attributes, owner: `${context.project}/${context.workspace}` },
        }));
      },
    });
    const { spec } = await generate(
      project.options({ plugins: [...(project.options().plugins ?? []), labels] }),
    );
    expect(spec.resources[0]?.attributes).toEqual({ x: 1, owner: 'scratch/dev' });
  });

  it('stop a deploy with a policy violation, reporting every violation, before anything changes', async () => {
    project = await createScratchProject();
    await project.writeResources([
      test('a', { public: true }),
      test('b', { public: true }),
      test('c'),
    ]);
    const policy = definePlugin({
      name: 'no-public',
      apply(host) {
        host.hooks.validatePlan.tapPromise('no-public', (plan, report) => {
          for (const change of plan.changes) {
            if (change.desired?.attributes.public === true)
              report.report({ resourceId: change.id, message: 'must not be public' });
          }
          return Promise.resolve();
        });
      },
    });
    const error = await errorOf(
      deploy(project.options({ plugins: [...(project.options().plugins ?? []), policy] })),
    );
    expect(error.code).toBe('POLICY_FAILED');
    expect(error.message).toContain('a: must not be public');
    expect(error.message).toContain('b: must not be public');
    expect(await project.cloud()).toEqual({});
  });

  it('veto a deploy through beforeApply, and hear about it through afterApply', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    const summaries: ApplySummary[] = [];
    let isFrozen = true;
    const freeze = definePlugin({
      name: 'change-freeze',
      apply(host) {
        host.hooks.beforeApply.tapPromise('change-freeze', () =>
          Promise.resolve(isFrozen ? { reason: 'change freeze until Monday' } : undefined),
        );
        host.hooks.afterApply.tapPromise('change-freeze', (summary) => {
          summaries.push(summary);
          return Promise.resolve();
        });
      },
    });
    const options = project.options({ plugins: [...(project.options().plugins ?? []), freeze] });
    const error = await errorOf(deploy(options));
    expect(error).toEqual({
      code: 'PLAN_VETOED',
      message: 'deploy stopped by a plugin: change freeze until Monday',
    });
    isFrozen = false;
    await deploy(options);
    expect(summaries.map((s) => s.status)).toEqual(['succeeded']);
  });

  it('a throwing tap fails with HOOK_FAILED naming hook and plugin', async () => {
    project = await createScratchProject();
    await project.writeResources([test('a')]);
    const broken = definePlugin({
      name: 'broken-policy',
      apply(host) {
        host.hooks.validatePlan.tap('check', () => {
          throw new Error('cannot reach the policy server');
        });
      },
    });
    const error = await errorOf(
      preview(project.options({ plugins: [...(project.options().plugins ?? []), broken] })),
    );
    expect(error).toEqual({
      code: 'HOOK_FAILED',
      message:
        'hook validatePlan: plugin broken-policy/check failed: cannot reach the policy server',
    });
  });

  it('answer retry decisions through retryPolicy', async () => {
    project = await createScratchProject({ test: { failIds: ['flaky'] } });
    await project.writeResources([test('flaky')]);
    const attempts: number[] = [];
    const retry = definePlugin({
      name: 'retry-everything',
      apply(host) {
        host.hooks.retryPolicy.tap('retry', (context) => {
          attempts.push(context.attempt);
          return { shouldRetry: context.attempt < 3, delayMs: 1 };
        });
      },
    });
    const result = await deploy(
      project.options({ plugins: [...(project.options().plugins ?? []), retry] }),
    );
    expect(result.status).toBe('failed');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('a provider that cannot be found is reported with what was tried and how to fix it', async () => {
    project = await createScratchProject();
    await project.writeResources([{ id: 'x', type: 'Nowhere', attributes: {} }]);
    const error = await errorOf(preview(project.options()));
    expect(error.code).toBe('PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('@kusion/provider-nowhere');
    expect(error.message).toContain('kusion-provider-nowhere');
  });
});

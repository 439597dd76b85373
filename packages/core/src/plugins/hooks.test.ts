import { isKusionError } from '@kusion/sdk';
import type { Plan, Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createHooks, createPluginHooks } from './hooks.js';

const plan: Plan = {
  project: 'p',
  stack: 's',
  workspace: 'w',
  changes: [],
  summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 },
};

describe('hooks', () => {
  it('are frozen, and plugin facades can tap but not call', () => {
    const hooks = createHooks();
    expect(Object.isFrozen(hooks)).toBe(true);
    const facade = createPluginHooks(hooks, 'policy') as unknown as Record<
      string,
      Record<string, unknown>
    >;
    expect(facade.beforeApply?.promise).toBeUndefined();
    expect(facade.beforeApply?.call).toBeUndefined();
    expect(typeof facade.beforeApply?.tapPromise).toBe('function');
  });

  it('stamp the plugin name on every tap', () => {
    const hooks = createHooks();
    createPluginHooks(hooks, 'labels').resource.tap('add-team', (r) => r);
    createPluginHooks(hooks, 'other').resource.tap('other', (r) => r);
    expect(hooks.resource.taps.map((t) => t.name)).toEqual(['labels/add-team', 'other']);
  });

  it('waterfall taps transform resources in order', () => {
    const hooks = createHooks();
    createPluginHooks(hooks, 'a').resource.tap('a', (r: Resource) => ({
      ...r,
      attributes: { ...r.attributes, a: 1 },
    }));
    createPluginHooks(hooks, 'b').resource.tap('b', (r: Resource) => ({
      ...r,
      attributes: { ...r.attributes, b: 2 },
    }));
    const out = hooks.resource.call(
      { id: 'x', type: 'T', attributes: {} },
      { project: 'p', stack: 's', workspace: 'w' },
    );
    expect(out.attributes).toEqual({ a: 1, b: 2 });
  });

  it('a bail tap answers a veto, which names the plugin', async () => {
    const hooks = createHooks();
    createPluginHooks(hooks, 'freeze').beforeApply.tapPromise('weekend', () =>
      Promise.resolve({ reason: 'change freeze' }),
    );
    await expect(hooks.beforeApply.promise(plan)).resolves.toEqual({
      reason: 'change freeze',
      plugin: 'freeze',
    });
  });

  it('record every tap a plugin makes through its facade', () => {
    const hooks = createHooks();
    const taps: string[] = [];
    const facade = createPluginHooks(hooks, 'gate', (hook, name) => taps.push(`${hook}:${name}`));
    facade.beforeWave.tapPromise('error-rate', () => Promise.resolve(undefined));
    facade.validatePlan.tap('gate', () => undefined);
    expect(taps).toEqual(['beforeWave:gate/error-rate', 'validatePlan:gate']);
  });

  it('a failing tap becomes HOOK_FAILED naming hook and plugin (sync, promise and callback taps)', async () => {
    const hooks = createHooks();
    createPluginHooks(hooks, 'broken').retryPolicy.tap('broken', () => {
      throw new Error('boom');
    });
    expect(() =>
      hooks.retryPolicy.call({ id: 'x', type: 'T', action: 'Create', attempt: 1, error: null }),
    ).toThrow('hook retryPolicy: plugin broken failed: boom');
    createPluginHooks(hooks, 'async-broken').afterApply.tapPromise('async-broken', () =>
      Promise.reject(new Error('nope')),
    );
    const rejection = await hooks.afterApply
      .promise({
        status: 'succeeded',
        revision: 1,
        summary: plan.summary,
        resources: [],
        durationMs: 1,
      })
      .catch((error: unknown) => error);
    expect(isKusionError(rejection) && rejection.code).toBe('HOOK_FAILED');
    expect((rejection as Error).message).toBe('hook afterApply: plugin async-broken failed: nope');
    createPluginHooks(hooks, 'cb').validatePlan.tapAsync('cb', (_plan, _report, callback) => {
      callback(new Error('policy crashed'));
    });
    await expect(hooks.validatePlan.promise(plan, { report: () => undefined })).rejects.toThrow(
      'hook validatePlan: plugin cb failed: policy crashed',
    );
  });
});

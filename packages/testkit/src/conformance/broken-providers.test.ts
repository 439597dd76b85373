/**
 * The suite must be able to fail: each check runs against a provider broken in exactly the way
 * the check guards against, and must throw naming the rule.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, ProviderError } from '@kusion/sdk';
import type { ResourceProvider } from '@kusion/sdk';
import { resourceTestProvider, createTempProject, testResource } from '../../test/temp-project.js';
import { conformanceChecks } from './conformance-checks.js';
import { runConformanceCheck } from './run-conformance-check.js';
import type { ConformanceFixtures } from './types.js';

const project = await createTempProject();
afterAll(() => project.remove());

let counter = 0;
function fixtures(): ConformanceFixtures {
  const id = `test:broken-${++counter}`;
  const extensions = { sensitivePaths: ['password'], immutablePaths: ['zone'] };
  return {
    create: testResource(id, { size: 1, zone: 'a', password: 'do-not-print-me' }, extensions),
    update: testResource(id, { size: 2, zone: 'a', password: 'do-not-print-me' }, extensions),
    replace: testResource(id, { size: 1, zone: 'b', password: 'do-not-print-me' }, extensions),
  };
}

/** A working test provider with some methods replaced or removed (set to undefined). */
function broken(
  override: (base: ResourceProvider) => {
    [Key in keyof ResourceProvider]?: ResourceProvider[Key] | undefined;
  },
) {
  return async (): Promise<ResourceProvider> => {
    const base = await resourceTestProvider({ dir: '.cloud', readyAfterMs: 0 }, project.context);
    return { ...base, ...override(base) } as ResourceProvider;
  };
}

const breakages: readonly {
  readonly check: string;
  readonly breakage: string;
  readonly provider: () => Promise<ResourceProvider>;
  readonly failure: RegExp;
}[] = [
  {
    check: 'read-missing',
    breakage: 'read throws on a missing object',
    provider: broken(() => ({ read: () => Promise.reject(new ProviderError('404 not found')) })),
    failure: /404 not found/,
  },
  {
    check: 'plan-never-mutates',
    breakage: 'plan creates the object',
    provider: broken((base) => ({
      async plan(request) {
        await base.apply({ ...request, action: 'Create', report: () => undefined });
        return base.plan(request);
      },
    })),
    failure: /planning a create created the object/,
  },
  {
    check: 'create-then-plan-is-stable',
    breakage: 'plan adds a field read never returns',
    provider: broken((base) => ({
      async plan(request) {
        const result = await base.plan(request);
        return { ...result, predicted: { ...result.predicted, plannedAt: 'now' } };
      },
    })),
    failure: /predict the live object/,
  },
  {
    check: 'apply-is-retryable',
    breakage: 'a second apply of the same object fails',
    provider: broken((base) => ({
      async apply(request) {
        if ((await base.read(request)).live) throw new ProviderError('already exists');
        return base.apply(request);
      },
    })),
    failure: /applying the same resource again must succeed, but it threw: already exists/,
  },
  {
    check: 'apply-is-retryable',
    breakage: 'a retried apply creates a new object',
    provider: broken((base) => ({
      async apply(request) {
        return base.apply({ ...request, action: 'Replace' });
      },
    })),
    failure: /must not create a second object|same live object/,
  },
  {
    check: 'update-as-predicted',
    breakage: 'apply ignores updates',
    provider: broken((base) => ({
      async apply(request) {
        const { live } = await base.read(request);
        return live ? { attributes: live } : base.apply(request);
      },
    })),
    failure: /what plan predicted/,
  },
  {
    check: 'delete-removes',
    breakage: 'delete does nothing',
    provider: broken(() => ({ delete: () => Promise.resolve() })),
    failure: /read after delete/,
  },
  {
    check: 'delete-is-idempotent',
    breakage: 'delete of a missing object fails',
    provider: broken((base) => ({
      async delete(request) {
        if (!(await base.read(request)).live) throw new ProviderError('404 not found');
        return base.delete(request);
      },
    })),
    failure: /deleting what never existed must succeed, but it threw: 404 not found/,
  },
  {
    check: 'aborted-apply-creates-nothing',
    breakage: 'apply ignores the signal',
    provider: broken((base) => ({
      apply: (request) => base.apply({ ...request, signal: new AbortController().signal }),
    })),
    failure: /must reject/,
  },
  {
    check: 'aborted-apply-creates-nothing',
    breakage: 'apply writes before it notices the abort',
    provider: broken((base) => ({
      async apply(request) {
        await base.apply({ ...request, signal: new AbortController().signal });
        throw new CancelledError();
      },
    })),
    failure: /created the object/,
  },
  {
    check: 'secrets-not-leaked',
    breakage: 'apply logs the attributes',
    provider: broken((base) => ({
      async apply(request) {
        await request.io.notify({
          level: 'debug',
          code: 'PROVIDER_NOTICE',
          message: JSON.stringify(request.resource.attributes),
          data: { provider: 'test' },
        });
        return base.apply(request);
      },
    })),
    failure: /value of "password" was sent to the user/,
  },
  {
    check: 'secrets-not-leaked',
    breakage: 'plan does not report sensitive paths',
    provider: broken((base) => ({
      async plan(request) {
        return { predicted: (await base.plan(request)).predicted };
      },
    })),
    failure: /plan must report "password" in sensitivePaths/,
  },
  {
    check: 'replace-when-required',
    breakage: 'plan never asks for a replacement',
    provider: broken((base) => ({
      async plan(request) {
        return { predicted: (await base.plan(request)).predicted };
      },
    })),
    failure: /must give a replaceReason/,
  },
  {
    check: 'watch-ends-ready',
    breakage: 'watch reports a fresh object failed',
    provider: broken(() => ({
      async *watch() {
        await Promise.resolve();
        yield { isReady: false, isFailed: true, message: 'crash loop' };
      },
    })),
    failure: /ready/,
  },
  {
    check: 'watch-ends-ready',
    breakage: 'a provider without watch returns from apply before the object exists',
    provider: broken(() => ({
      watch: undefined,
      apply: (request) =>
        Promise.resolve({ attributes: { ...request.resource.attributes, uid: 'u-1' } }),
    })),
    failure: /must exist when apply returns/,
  },
];

describe('the conformance suite fails providers that break a rule', () => {
  it('has a broken provider for every check', () => {
    const covered = new Set(breakages.map(({ check }) => check));
    expect(conformanceChecks.map(({ name }) => name).filter((name) => !covered.has(name))).toEqual(
      [],
    );
  });

  it.each(breakages)('$check fails when $breakage', async ({ check: name, provider, failure }) => {
    const check = conformanceChecks.find((candidate) => candidate.name === name);
    if (!check) throw new Error(`no check named ${name}`);
    const options = {
      name: 'broken',
      createProvider: provider,
      fixtures,
      context: project.context,
      identityPath: 'uid',
    };
    await expect(runConformanceCheck(check, options)).rejects.toThrow(failure);
  });

  it('rejects fixtures whose update is another resource', async () => {
    const check = conformanceChecks[0]!;
    const { create } = fixtures();
    const options = {
      name: 'test',
      createProvider: broken(() => ({})),
      fixtures: { create, update: { ...create, id: 'other' } },
      context: project.context,
    };
    await expect(runConformanceCheck(check, options)).rejects.toThrow(
      /"update" must have the id and type of "create"/,
    );
  });

  it('skips the checks whose fixtures are not given, and checks readiness without watch', async () => {
    const { create, update } = fixtures();
    const plain = { create: { ...create, extensions: {} }, update: { ...update, extensions: {} } };
    const options = {
      name: 'test',
      createProvider: broken(() => ({ watch: undefined })),
      fixtures: plain,
      context: project.context,
    };
    const results = await Promise.all(
      ['secrets-not-leaked', 'replace-when-required', 'watch-ends-ready'].map((name) =>
        runConformanceCheck(
          conformanceChecks.find((check) => check.name === name)!,
          options,
        ),
      ),
    );
    // Without watch, readiness is checked as "the object exists when apply returns": it runs.
    expect(results).toEqual([
      { skipped: expect.any(String) },
      { skipped: expect.any(String) },
      undefined,
    ]);
  });
});

/**
 * Runs one check against a fresh provider and fresh fixtures, then removes what it left behind.
 * Plain async code with no test-runner calls: tests can run a check against a broken provider and
 * assert that it fails.
 */
import type { Provider, Resource } from '@kusion/sdk';
import { createRecordingIoHost } from '../recording-io-host.js';
import { createBatchDriver } from './batch-driver.js';
import { createProviderDriver } from './provider-driver.js';
import type {
  BatchConformanceCheck,
  BatchConformanceFixtures,
  BatchProviderConformanceOptions,
  ConformanceCheck,
  ConformanceCheckResult,
  ConformanceFixtures,
  FixtureFactory,
  ProviderConformanceOptions,
} from './types.js';

/** Runs a check of a resource provider. */
export async function runConformanceCheck(
  check: ConformanceCheck,
  options: ProviderConformanceOptions,
): Promise<ConformanceCheckResult> {
  const fixtures = checkedFixtures(await fixturesFor(options.fixtures, check.name));
  const provider = expectKind(await options.createProvider(), 'resource', options.name);
  const io = createRecordingIoHost();
  const reports: string[] = [];
  const driver = createProviderDriver(provider, options.context, io, reports);
  return runAndClean(
    () =>
      check.run({ provider, fixtures, driver, identityPath: options.identityPath, io, reports }),
    async () => {
      // Best effort: a check that failed half-way may have left the object in the cloud.
      for (const resource of [fixtures.create, fixtures.replace]) {
        if (resource) await driver.delete({ ...resource }).catch(() => undefined);
      }
      await options.cleanup?.({ provider, fixtures });
    },
    () => provider.close?.(),
  );
}

/** Runs a check of a batch provider. */
export async function runBatchConformanceCheck(
  check: BatchConformanceCheck,
  options: BatchProviderConformanceOptions,
): Promise<ConformanceCheckResult> {
  const fixtures = checkedFixtures(await fixturesFor(options.fixtures, check.name));
  const provider = expectKind(await options.createProvider(), 'batch', options.name);
  const io = createRecordingIoHost();
  const reports: string[] = [];
  const driver = createBatchDriver(provider, options.context, io, reports);
  return runAndClean(
    () =>
      check.run({ provider, fixtures, driver, identityPath: options.identityPath, io, reports }),
    async () => {
      // Best effort: whatever the check left in state is removed with one batch delete.
      if (driver.state.size) await driver.delete().catch(() => undefined);
      await options.cleanup?.({ provider, fixtures });
    },
    () => provider.close?.(),
  );
}

async function runAndClean(
  run: () => Promise<ConformanceCheckResult>,
  cleanUp: () => Promise<void>,
  close: () => Promise<void> | undefined,
): Promise<ConformanceCheckResult> {
  let result: ConformanceCheckResult;
  try {
    try {
      result = await run();
    } catch (error) {
      // The check's failure is the news; a cleanup failing after it would only hide it.
      await cleanUp().catch(() => undefined);
      throw error;
    }
    await cleanUp();
    return result;
  } finally {
    await close();
  }
}

async function fixturesFor<F>(fixtures: F | FixtureFactory<F>, check: string): Promise<F> {
  return typeof fixtures === 'function' ? (fixtures as FixtureFactory<F>)({ check }) : fixtures;
}

function expectKind<K extends Provider['kind']>(
  provider: Provider,
  kind: K,
  name: string,
): Extract<Provider, { kind: K }> {
  if (provider.kind !== kind) {
    throw new Error(
      `conformance "${name}": createProvider returned a provider of kind "${provider.kind}", the suite was set up for "${kind}"`,
    );
  }
  return provider as Extract<Provider, { kind: K }>;
}

function checkedFixtures<F extends ConformanceFixtures | BatchConformanceFixtures>(fixtures: F): F {
  const { create } = fixtures;
  const sameIdentity: [string, Resource | undefined][] = [
    ['update', fixtures.update],
    ['replace', fixtures.replace],
  ];
  for (const [role, resource] of sameIdentity) {
    if (resource && (resource.id !== create.id || resource.type !== create.type)) {
      throw new Error(
        `conformance fixtures: "${role}" must have the id and type of "create" (${create.type} "${create.id}"), ` +
          `received ${resource.type} "${resource.id}"`,
      );
    }
  }
  if ('member' in fixtures) {
    for (const [role, resource] of [
      ['member', fixtures.member('x')],
      ['failing', fixtures.failing],
    ] as const) {
      if (resource.id === create.id)
        throw new Error(
          `conformance fixtures: "${role}" must have an id other than "create"'s ("${create.id}")`,
        );
    }
  }
  return fixtures;
}

/**
 * Runs one check against a fresh provider and fresh fixtures, then removes what it left behind.
 * Plain async code with no test-runner calls: tests can run a check against a broken provider and
 * assert that it fails.
 */
import type { Provider } from '@kusion/sdk';
import { createRecordingIoHost } from '../recording-io-host.js';
import { createProviderDriver } from './provider-driver.js';
import type { ProviderDriver } from './provider-driver.js';
import type {
  ConformanceCheck,
  ConformanceCheckResult,
  ConformanceFixtures,
  ConformanceTarget,
  ProviderConformanceOptions,
} from './types.js';

export async function runConformanceCheck(
  check: ConformanceCheck,
  options: ProviderConformanceOptions,
): Promise<ConformanceCheckResult> {
  const fixtures = checkedFixtures(
    typeof options.fixtures === 'function'
      ? await options.fixtures({ check: check.name })
      : options.fixtures,
  );
  const provider = await options.createProvider();
  const io = createRecordingIoHost();
  const reports: string[] = [];
  const driver = createProviderDriver(provider, options.context, io, reports);
  const target: ConformanceTarget = {
    provider,
    fixtures,
    driver,
    identityPath: options.identityPath,
    io,
    reports,
  };

  let result: ConformanceCheckResult;
  try {
    result = await check.run(target);
  } catch (error) {
    // The check's failure is the news; a cleanup failing after it would only hide it.
    await cleanUp(provider, driver, fixtures, options).catch(() => undefined);
    throw error;
  }
  await cleanUp(provider, driver, fixtures, options);
  return result;
}

async function cleanUp(
  provider: Provider,
  driver: ProviderDriver,
  fixtures: ConformanceFixtures,
  options: ProviderConformanceOptions,
): Promise<void> {
  try {
    // Best effort: a check that failed half-way may have left the object in the cloud.
    for (const resource of [fixtures.create, fixtures.replace]) {
      if (resource) await driver.delete({ ...resource }).catch(() => undefined);
    }
    await options.cleanup?.({ provider, fixtures });
  } finally {
    await provider.close?.();
  }
}

function checkedFixtures(fixtures: ConformanceFixtures): ConformanceFixtures {
  const { create } = fixtures;
  for (const [role, resource] of [
    ['update', fixtures.update],
    ['replace', fixtures.replace],
  ] as const) {
    if (resource && (resource.id !== create.id || resource.type !== create.type)) {
      throw new Error(
        `conformance fixtures: "${role}" must have the id and type of "create" (${create.type} "${create.id}"), ` +
          `received ${resource.type} "${resource.id}"`,
      );
    }
  }
  return fixtures;
}

import { afterAll } from 'vitest';
import type { ConformanceFixtures } from './types.js';
import { describeProviderConformance } from './describe-provider-conformance.js';
import {
  configuredTestProvider,
  createTempProject,
  testResource,
} from '../../test/temp-project.js';

const project = await createTempProject();
afterAll(() => project.remove());

let counter = 0;
/** Ids with dots and colons, unique per check, as a real Spec would have. */
function fixtures(): ConformanceFixtures {
  const id = `test:conformance.app-${++counter}`;
  const extensions = { sensitivePaths: ['credentials.password'], immutablePaths: ['zone'] };
  const attributes = {
    name: 'app',
    zone: 'a',
    replicas: 1,
    credentials: { password: 'hunter2-secret' },
  };
  return {
    create: testResource(id, attributes, extensions),
    update: testResource(id, { ...attributes, replicas: 2 }, extensions),
    replace: testResource(id, { ...attributes, zone: 'b' }, extensions),
  };
}

describeProviderConformance({
  name: 'test',
  createProvider: () => configuredTestProvider({ dir: '.cloud' }, project.context),
  fixtures,
  context: project.context,
  identityPath: 'uid',
});

describeProviderConformance({
  name: 'test with latency, readiness delay and batch mode',
  createProvider: () =>
    configuredTestProvider(
      { dir: '.cloud-slow', latencyMs: 5, readLatencyMs: 1, readyAfterMs: 30, batch: true },
      project.context,
    ),
  fixtures,
  context: project.context,
  identityPath: 'uid',
});

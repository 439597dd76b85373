import { afterAll } from 'vitest';
import type { BatchConformanceFixtures, ConformanceFixtures } from './types.js';
import { describeProviderConformance } from './describe-provider-conformance.js';
import {
  batchTestProvider,
  createTempProject,
  resourceTestProvider,
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

function batchFixtures(): BatchConformanceFixtures {
  const base = fixtures();
  const memberId = `${base.create.id}.member`;
  return {
    ...base,
    member: (value) => testResource(memberId, { source: value }),
    memberValuePath: 'source',
    failing: testResource('test:conformance.failing', { broken: true }),
    outputPath: 'uid',
  };
}

describeProviderConformance({
  name: 'test',
  createProvider: () => resourceTestProvider({ dir: '.cloud' }, project.context),
  fixtures,
  context: project.context,
  identityPath: 'uid',
});

describeProviderConformance({
  name: 'test with latency and readiness delay',
  createProvider: () =>
    resourceTestProvider(
      { dir: '.cloud-slow', latencyMs: 5, readLatencyMs: 1, readyAfterMs: 30 },
      project.context,
    ),
  fixtures,
  context: project.context,
  identityPath: 'uid',
});

describeProviderConformance({
  kind: 'batch',
  name: 'test in batch mode',
  createProvider: () =>
    batchTestProvider(
      {
        dir: '.cloud-batch',
        latencyMs: 5,
        readLatencyMs: 1,
        failIds: ['test:conformance.failing'],
      },
      project.context,
    ),
  fixtures: batchFixtures,
  context: project.context,
  identityPath: 'uid',
});

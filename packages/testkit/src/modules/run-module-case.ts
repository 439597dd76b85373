/**
 * Everything the kit checks for one case, in the order a failure is easiest to read: the case's
 * settings against the module's schemas, two `generate` calls giving the same Spec (previews run
 * it every time), resources the providers would accept, the patcher applied to the sample
 * Deployment with the engine's own `applyPatchers`, and the result against the golden file.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { applyPatchers } from '@kusion/sdk';
import type { Patcher, Resource } from '@kusion/sdk';
import { checkResources } from './check-resources.js';
import { checkSchemas, checkSettings } from './check-settings.js';
import { moduleRequest } from './generate-with-module.js';
import type { ModuleCase } from './generate-with-module.js';
import { compareGolden } from './golden.js';
import { loadModule } from './load-module.js';
import type { ModuleSource } from './load-module.js';
import { sampleWorkload } from './sample-workload.js';

/** A failed check; `problems` lists every finding. */
export class ModuleCheckError extends Error {
  readonly problems: readonly string[];

  constructor(title: string, problems: readonly string[]) {
    super([title, ...problems.map((problem) => `  - ${problem}`)].join('\n'));
    this.name = 'ModuleCheckError';
    this.problems = problems;
  }
}

/** What a golden file holds. */
export interface GoldenDocument {
  readonly resources: readonly Resource[];
  readonly patcher: Patcher | null;
  /** The sample Deployment after the patcher, for an accessory whose patcher changes it. */
  readonly patchedWorkload?: Resource;
}

export interface RunModuleCaseOptions {
  /** The folder of `<case>.yaml` files (a `file:` URL or a path). */
  readonly goldenDir: URL | string;
  /** Rewrite the golden instead of comparing; default `UPDATE_GOLDEN`. */
  readonly update?: boolean;
}

/** Runs one case; throws a `ModuleCheckError` naming every problem. */
export async function runModuleCase(
  source: ModuleSource,
  testCase: ModuleCase,
  options: RunModuleCaseOptions,
): Promise<GoldenDocument> {
  const module = await loadModule(source);
  const where = `case "${testCase.name}" of module ${module.name}`;

  const settingsProblems = [
    ...new Set([
      ...checkSchemas(module),
      ...checkSettings(module, { app: testCase.part.value, platform: testCase.platform ?? {} }),
    ]),
  ];
  if (settingsProblems.length)
    throw new ModuleCheckError(
      `${where}: its settings do not pass the module's schemas`,
      settingsProblems,
    );

  const request = moduleRequest(testCase);
  const first = await module.generate(request);
  const second = await module.generate(moduleRequest(testCase));
  if (!isDeepStrictEqual(normalized(first), normalized(second))) {
    throw new ModuleCheckError(`${where}: generate is not deterministic`, [
      'two calls with the same request returned different resources or patchers; previews would never settle (derive generated values from the request, not from randomness or time)',
    ]);
  }

  const sample = testCase.part.kind === 'accessory' ? sampleWorkload(request) : undefined;
  const resourceProblems = checkResources(first.resources, sample ? [sample.id] : []);
  if (resourceProblems.length)
    throw new ModuleCheckError(`${where}: the resources would not deploy`, resourceProblems);

  const patcher = first.patcher ?? null;
  const document: GoldenDocument = {
    resources: first.resources,
    patcher,
    ...(sample && patcher && !isEmptyPatcher(patcher)
      ? { patchedWorkload: patchedSample(sample, first.resources, patcher) }
      : {}),
  };

  const outcome = await compareGolden(
    goldenFile(options.goldenDir, testCase.name),
    document,
    options.update === undefined ? {} : { update: options.update },
  );
  if (outcome.status === 'missing' || outcome.status === 'mismatch')
    throw new ModuleCheckError(`${where}: golden check failed`, [outcome.message]);
  return document;
}

function patchedSample(
  sample: Resource,
  resources: readonly Resource[],
  patcher: Patcher,
): Resource {
  const patched = applyPatchers({
    resources: [sample, ...resources],
    workloadIds: new Set([sample.id]),
    patchers: [patcher],
  });
  return patched[0] ?? sample;
}

function isEmptyPatcher(patcher: Patcher): boolean {
  return Object.values(patcher).every(
    (value) =>
      value === undefined ||
      (Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0),
  );
}

export function goldenFile(goldenDir: URL | string, caseName: string): string {
  const dir = typeof goldenDir === 'string' ? goldenDir : fileURLToPath(goldenDir);
  return join(dir, `${caseName}.yaml`);
}

function normalized(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

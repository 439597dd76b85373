/**
 * The module test kit as vitest tests: one test that the schemas are valid JSON Schemas, and one
 * per case (settings against the schemas, deterministic generate, deployable resources, patcher,
 * golden file). See `runModuleCase` for what a case checks.
 */
import { describe, it } from 'vitest';
import type { KusionPlugin } from '@kusion/sdk';
import { checkSchemas } from './check-settings.js';
import type { ModuleCase } from './generate-with-module.js';
import { loadModule } from './load-module.js';
import { ModuleCheckError, runModuleCase } from './run-module-case.js';

export interface DescribeModuleOptions {
  /** The folder of golden files, e.g. `new URL('./golden/', import.meta.url)`. */
  readonly goldenDir: URL | string;
  readonly cases: readonly ModuleCase[];
  /** Per-test timeout in milliseconds. */
  readonly timeoutMs?: number;
}

export function describeModule(plugin: KusionPlugin, options: DescribeModuleOptions): void {
  const names = options.cases.map((testCase) => testCase.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new Error(
      `describeModule: two cases are named "${duplicate}"; each names its golden file`,
    );
  const testOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };

  describe(`module plugin ${plugin.name}`, () => {
    it('declares valid JSON Schemas', testOptions, async () => {
      const problems = checkSchemas(await loadModule(plugin));
      if (problems.length)
        throw new ModuleCheckError("the module's schemas are not valid", problems);
    });
    for (const testCase of options.cases) {
      it(
        `case ${testCase.name}: generates what golden/${testCase.name}.yaml holds`,
        testOptions,
        async () => {
          await runModuleCase(plugin, testCase, { goldenDir: options.goldenDir });
        },
      );
    }
  });
}

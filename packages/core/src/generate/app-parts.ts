/**
 * The parts of a stack's apps that modules turn into resources — each app's workload and each of
 * its accessories — with where each was written, and their validation against the `schemas.app`
 * of the module that will generate it: every problem at once, at its `main.yaml:line`.
 */
import type { Attributes, Diagnostic, StackConfiguration } from '@kusion/sdk';
import { diagnosticAt } from '../config/source-file.js';
import type { JsonPath, SourceFile } from '../config/source-file.js';
import type { LoadedModule } from '../plugins/module-loader.js';
import { validateAgainst } from './module-schemas.js';

export interface AppPart {
  readonly appName: string;
  readonly kind: 'workload' | 'accessory';
  /** The app's name for its workload; the accessory's key otherwise. */
  readonly name: string;
  readonly module: string;
  readonly value: Attributes;
  /** Where it is written: `apps.<app>.workload` or `apps.<app>.accessories.<name>`. */
  readonly path: JsonPath;
}

/** Keys the engine reads itself; a module's schema need not list them. */
const ENGINE_KEYS: Readonly<Record<AppPart['kind'], readonly string[]>> = {
  workload: ['module', 'type', 'secrets'],
  accessory: ['module'],
};

/**
 * The parts whose module can be told. Tolerates a configuration its schema refused (its problems
 * are reported with the modules' own): a part without a module name is left out.
 */
export function collectParts(configuration: StackConfiguration): AppPart[] {
  const parts: AppPart[] = [];
  for (const [appName, app] of Object.entries(asRecord(configuration.apps))) {
    const workload = asRecord(app.workload);
    // Kusion's default: the `service` or `job` module, by the workload's type.
    const workloadModule = nameOrUndefined(workload.module) ?? nameOrUndefined(workload.type);
    if (workloadModule !== undefined) {
      parts.push({
        appName,
        kind: 'workload',
        name: appName,
        module: workloadModule,
        value: workload,
        path: ['apps', appName, 'workload'],
      });
    }
    for (const [name, value] of Object.entries(asRecord(app.accessories))) {
      const accessory = asRecord(value);
      const module = nameOrUndefined(accessory.module);
      if (module === undefined) continue;
      parts.push({
        appName,
        kind: 'accessory',
        name,
        module,
        value: accessory,
        path: ['apps', appName, 'accessories', name],
      });
    }
  }
  return parts;
}

/** Every problem of every part against its module's app schema, placed where it was written. */
export async function checkParts(
  parts: readonly AppPart[],
  modules: ReadonlyMap<string, LoadedModule>,
  source: SourceFile,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const part of parts) {
    const module = modules.get(part.module);
    const schema = module?.registration.schemas?.app;
    if (!schema) continue;
    const problems = await validateAgainst(
      {
        schema,
        owner: `module ${part.module} (schemas.app)`,
        engineKeys: ENGINE_KEYS[part.kind],
      },
      part.value,
    );
    for (const problem of problems)
      diagnostics.push(diagnosticAt(source, [...part.path, ...problem.path], problem.message));
  }
  return diagnostics;
}

function asRecord(value: unknown): Record<string, Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Record<string, unknown>>)
    : {};
}

function nameOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Kusion's rules for a workspace's `modules` (its `pkg/workspace/validation.go`), checked at
 * `workspace create` / `update` with the file's lines, and again before generating: `default` is
 * the block every project gets and selects no project; every other block is a patcher with a
 * non-empty `projectSelector` and settings of its own; a project is in at most one patcher of a
 * module. Plus ours: where the package comes from (`package`, or Kusion's catalog `path`) and a
 * `version` that is a semver range.
 */
import type { Diagnostic } from '@kusion/sdk';
import semver from 'semver';
import { kusionCatalogModule, unsupportedPathAdvice } from './module-origin.js';
import { diagnosticAt } from './source-file.js';
import type { JsonPath, SourceFile } from './source-file.js';

export const DEFAULT_BLOCK = 'default';
export const PROJECT_SELECTOR = 'projectSelector';

/** Every problem of the `modules` of a parsed workspace; tolerates values the schema refuses. */
export function checkModuleSettings(source: SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (path: JsonPath, message: string): void => {
    diagnostics.push(diagnosticAt(source, path, message));
  };
  for (const [name, settings] of Object.entries(asRecord(asRecord(source.value).modules))) {
    const at = ['modules', name];
    const entry = asRecord(settings);
    checkOrigin(name, entry, at, report);
    checkConfigs(asRecord(entry.configs), [...at, 'configs'], report);
  }
  return diagnostics;
}

type Report = (path: JsonPath, message: string) => void;

function checkOrigin(
  name: string,
  entry: Record<string, unknown>,
  at: JsonPath,
  report: Report,
): void {
  const { path, version } = entry;
  if (typeof path === 'string') {
    if (kusionCatalogModule(path) === undefined)
      report([...at, 'path'], unsupportedPathAdvice(name, path));
    else if (entry.package !== undefined)
      report(
        [...at, 'package'],
        "set either package (an npm package) or path (Kusion's catalog), not both",
      );
    // With Kusion's path, `version` is Kusion's own module version: shown, not checked.
    return;
  }
  if (typeof version === 'string' && semver.validRange(version) === null) {
    report(
      [...at, 'version'],
      `${JSON.stringify(version)} is not a semver range the installed package can be checked against; write e.g. "^1.2.0", "1.x" or ">=1.2 <2"`,
    );
  }
}

function checkConfigs(configs: Record<string, unknown>, at: JsonPath, report: Report): void {
  for (const [block, values] of Object.entries(configs))
    checkEngineKeys(asRecord(values), [...at, block], report);
  const defaults = configs[DEFAULT_BLOCK];
  if (PROJECT_SELECTOR in asRecord(defaults)) {
    report(
      [...at, DEFAULT_BLOCK, PROJECT_SELECTOR],
      `"default" is the block every project gets, not a patcher: remove its projectSelector, or move these settings to a patcher with another name`,
    );
  }
  /** The patcher that selected each project first. */
  const selectedBy = new Map<string, string>();
  for (const [patcher, block] of Object.entries(configs)) {
    if (patcher === DEFAULT_BLOCK) continue;
    const blockAt = [...at, patcher];
    const values = asRecord(block);
    const selector = values[PROJECT_SELECTOR];
    if (!Array.isArray(selector) || selector.length === 0) {
      report(
        selector === undefined ? blockAt : [...blockAt, PROJECT_SELECTOR],
        `patcher "${patcher}" selects no project: give it a non-empty projectSelector (a list of project names), or name it "default" to apply it to every project`,
      );
    }
    if (Object.keys(values).every((key) => key === PROJECT_SELECTOR)) {
      report(
        blockAt,
        `patcher "${patcher}" has no settings besides its projectSelector: add the settings it overrides, or remove it`,
      );
    }
    if (!Array.isArray(selector)) continue;
    selector.forEach((project: unknown, index) => {
      const projectAt = [...blockAt, PROJECT_SELECTOR, index];
      if (typeof project !== 'string' || project === '') {
        report(projectAt, `patcher "${patcher}" names an empty project: write a project's name`);
        return;
      }
      const first = selectedBy.get(project);
      if (first === patcher) {
        report(projectAt, `project "${project}" is listed twice in patcher "${patcher}"`);
      } else if (first !== undefined) {
        report(
          projectAt,
          `project "${project}" is selected by both patcher "${first}" and patcher "${patcher}": a project may be in at most one patcher of a module; remove it from one of them`,
        );
      } else {
        selectedBy.set(project, patcher);
      }
    });
  }
}

/** `importedResources` (resource id → cloud id) and `healthPolicy` are read by the engine itself. */
function checkEngineKeys(block: Record<string, unknown>, at: JsonPath, report: Report): void {
  const imported = block.importedResources;
  if (imported !== undefined) {
    if (!isRecord(imported)) {
      report(
        [...at, 'importedResources'],
        'must map generated resource ids to the ids of existing cloud objects, e.g. { "aws:rds:shop-db": "arn:aws:rds:..." }',
      );
    } else {
      for (const [id, cloudId] of Object.entries(imported)) {
        if (typeof cloudId !== 'string' || cloudId === '')
          report(
            [...at, 'importedResources', id],
            `must be the id of the existing object to adopt as "${id}" (a non-empty string)`,
          );
      }
    }
  }
  const healthPolicy = block.healthPolicy;
  if (healthPolicy !== undefined && !isRecord(healthPolicy)) {
    report(
      [...at, 'healthPolicy'],
      'must be an object (a readiness rule, recorded in the extensions of the workload)',
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

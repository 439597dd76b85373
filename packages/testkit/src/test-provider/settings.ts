/**
 * The test provider's workspace settings, validated by its factory. Every problem is reported
 * together, each naming the setting, what was received and what is expected.
 */
import { isAbsolute, resolve } from 'node:path';
import { ProviderError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

export interface TestProviderSettings {
  /** Absolute folder of the simulated cloud. */
  readonly dir: string;
  /** Delay of `apply` and `delete`, in milliseconds. */
  readonly latencyMs: number;
  /** Delay of `read`, `plan` and the batch plan, in milliseconds. */
  readonly readLatencyMs: number;
  /** Ids whose apply and delete always fail, not retryable. */
  readonly failIds: ReadonlySet<string>;
  /** Share of apply and delete calls that fail with a retryable error. */
  readonly transientFailRate: number;
  /** Share of apply and delete calls that fail with a non-retryable error. */
  readonly failRate: number;
  /** Makes the random failures deterministic. */
  readonly seed: number | undefined;
  /** How long after its last apply `watch` reports a resource not ready. */
  readonly readyAfterMs: number;
  /** Whether the provider offers the batch operations. */
  readonly batch: boolean;
}

type Check = (value: unknown) => string | undefined;

const nonNegativeNumber: Check = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? undefined
    : 'a number ≥ 0 (milliseconds)';
const rate: Check = (value) =>
  typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'a number from 0 to 1';

const CHECKS: Readonly<Record<string, Check>> = {
  dir: (value) =>
    typeof value === 'string' && value !== '' ? undefined : 'a non-empty folder path',
  latencyMs: nonNegativeNumber,
  readLatencyMs: nonNegativeNumber,
  failIds: (value) =>
    Array.isArray(value) && value.every((id) => typeof id === 'string')
      ? undefined
      : 'a list of resource ids',
  transientFailRate: rate,
  failRate: rate,
  seed: (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number'),
  readyAfterMs: nonNegativeNumber,
  batch: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
};

/** Validates settings; relative `dir` resolves against the project folder. */
export function parseSettings(settings: Attributes, projectDir: string): TestProviderSettings {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const check = CHECKS[key];
    if (!check) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(CHECKS).join(', ')})`);
      continue;
    }
    const expected = check(value);
    if (expected) problems.push(`"${key}" must be ${expected}, received ${describe(value)}`);
  }
  if (!Object.hasOwn(settings, 'dir')) {
    problems.push('"dir" is required: the folder that holds the simulated cloud, e.g. "./.cloud"');
  }
  if (problems.length) {
    throw new ProviderError(`invalid settings for provider "test": ${problems.join('; ')}`, {
      hint: 'fix providers.test in the workspace, e.g. { dir: "./.cloud", latencyMs: 50 }',
    });
  }

  const number = (key: string, fallback: number): number =>
    (settings[key] as number | undefined) ?? fallback;
  const dir = settings['dir'] as string;
  return {
    dir: isAbsolute(dir) ? dir : resolve(projectDir, dir),
    latencyMs: number('latencyMs', 0),
    readLatencyMs: number('readLatencyMs', 0),
    failIds: new Set((settings['failIds'] as readonly string[] | undefined) ?? []),
    transientFailRate: number('transientFailRate', 0),
    failRate: number('failRate', 0),
    seed: settings['seed'] as number | undefined,
    readyAfterMs: number('readyAfterMs', 0),
    batch: settings['batch'] === true,
  };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const type = Array.isArray(value) ? 'list' : typeof value === 'object' ? 'object' : typeof value;
  return `${JSON.stringify(value)} (${type === 'object' ? 'an' : 'a'} ${type})`;
}

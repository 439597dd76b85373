// Renders results for a human (aligned table on stdout) or for a machine (--json).
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import {
  LINEARITY_LIMIT,
  LINEARITY_SIZES,
  TARGET_SIZE,
  TARGET_STEPS,
  TARGETS,
  checkTargets,
  ratio,
  targetsMet,
  type CaseResult,
  type LinearityResult,
  type TargetCheck,
} from './targets.ts';
import { STEPS, type StepTimes } from './timing.ts';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly os: string;
  readonly node: string;
  readonly terraform: string;
  /** Where projects, states and the test cloud live, and its file system type. */
  readonly workDir: string;
}

export function describeMachine(terraform: string, workDir: string): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    os: `${process.platform} ${release()}`,
    node: process.version,
    terraform,
    workDir: `${workDir} (${fileSystemOf(workDir)})`,
  };
}

/** The type of the longest mount point containing `path` (Linux), since tmpfs vs disk matters. */
function fileSystemOf(path: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '));
    const containing = mounts.filter(
      ([, point]) =>
        point !== undefined && (path + '/').startsWith(point.endsWith('/') ? point : `${point}/`),
    );
    containing.sort((a, b) => (b[1]?.length ?? 0) - (a[1]?.length ?? 0));
    return containing[0]?.[2] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function machineLine(machine: Machine, repeat: number): string {
  const runs = repeat > 1 ? `, median of ${repeat} runs` : '';
  return (
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.os}, node ${machine.node}, ` +
    `terraform ${machine.terraform}; work dir ${machine.workDir}${runs}`
  );
}

const seconds = (value: number | undefined) =>
  value === undefined ? '-' : `${value.toFixed(2)} s`;
const times = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)}×`);

/** Left-aligns the first column, right-aligns the others (numbers), two spaces apart. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const pad = (cell: string, column: number) => {
    const width = widths?.[column] ?? 0;
    return column === 0 ? cell.padEnd(width) : cell.padStart(width);
  };
  return rows.map((row) => row.map(pad).join('  ').trimEnd()).join('\n');
}

export function renderComparison(
  machine: Machine,
  repeat: number,
  results: readonly CaseResult[],
): string {
  const header = ['shape', 'N'];
  for (const step of STEPS) header.push(`${step}: kusion`, 'terraform', 'ratio');
  const rows = results.map((result) => {
    const row = [result.shape, String(result.size)];
    for (const step of STEPS) {
      const reference = result.terraform?.[step];
      const kusion = result.kusion[step];
      row.push(
        seconds(kusion),
        seconds(reference),
        times(reference === undefined ? null : ratio(kusion, reference)),
      );
    }
    return row;
  });
  const checks = checkTargets(results);
  return [machineLine(machine, repeat), '', table([header, ...rows]), '', targetsLine(checks)].join(
    '\n',
  );
}

function targetsLine(checks: readonly TargetCheck[]): string {
  const bars = TARGETS.map((target) => `≥ ${target.minRatio}× on ${target.shape}`).join(', ');
  const goal = `Targets at N=${TARGET_SIZE}, ${TARGET_STEPS.join(' and ')} vs terraform: ${bars}`;
  const met = targetsMet(checks);
  if (met === null)
    return `${goal}: not evaluated (needs wide and chain at N=${TARGET_SIZE} with terraform)`;
  if (met) return `${goal}: MET (${checks.map(describeCheck).join(', ')})`;
  const missed = checks.filter((c) => c.ratio !== null && c.ratio < c.minRatio);
  return `${goal}: NOT MET (${missed.map(describeCheck).join(', ')})`;
}

function describeCheck(check: TargetCheck): string {
  return `${check.shape} ${check.step} ${times(check.ratio)}`;
}

export function comparisonJson(
  machine: Machine,
  repeat: number,
  results: readonly CaseResult[],
): string {
  const checks = checkTargets(results);
  return JSON.stringify(
    { machine, repeat, results, targets: checks, targetsMet: targetsMet(checks) },
    null,
    2,
  );
}

export function renderLinearity(machine: Machine, repeat: number, result: LinearityResult): string {
  const row = (label: string, values: StepTimes, format: (value: number) => string) => [
    label,
    ...STEPS.map((step) => format(values[step])),
  ];
  const rows = [
    ['kusion, wide', ...STEPS],
    row(`N=${LINEARITY_SIZES.small}`, result.small, seconds),
    row(`N=${LINEARITY_SIZES.large}`, result.large, seconds),
    row('growth', result.growth, times),
  ];
  const goal =
    `Target: N=${LINEARITY_SIZES.large} in under ${LINEARITY_LIMIT}× the time of ` +
    `N=${LINEARITY_SIZES.small} (${TARGET_STEPS.join(' and ')})`;
  return [
    machineLine(machine, repeat),
    '',
    table(rows),
    '',
    `${goal}: ${result.met ? 'MET' : 'NOT MET'}`,
  ].join('\n');
}

export function linearityJson(machine: Machine, repeat: number, result: LinearityResult): string {
  return JSON.stringify(
    { machine, repeat, sizes: LINEARITY_SIZES, limit: LINEARITY_LIMIT, ...result },
    null,
    2,
  );
}

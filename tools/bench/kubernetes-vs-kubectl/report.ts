// The results for a human (aligned tables on stdout) or for a machine (--json), with the targets.
import { availableParallelism, cpus, release } from 'node:os';
import type { RequestCounts } from '@kusion/test-peers';
import { OPERATIONS, TOOLS } from './deployers.ts';
import type { Operation, Tool } from './deployers.ts';
import { PER_NAMESPACE } from './manifests.ts';

/** kusion seconds / kubectl seconds: at most these (issues 3 and 14). */
export const TIME_TARGETS = {
  /** A deploy of 300 new objects. */
  create: 1.0,
  /** An update of every object, with the preview (a dry run per changed object). */
  update: 1.2,
  /** The same update with `--skip-preview`. */
  updateSkippingPreview: 0.8,
  /** A deploy creating one object: the fixed cost of a run. */
  oneObject: 1.5,
  /** `kusion --version` against `node -e 0`. */
  startup: 2.0,
} as const;
/** API requests per object over a whole `kusion deploy` (plan + apply), discovery excluded. */
export const REQUEST_TARGETS: Readonly<Record<Operation, number>> = {
  create: 2,
  update: 3,
  unchanged: 2,
};
/** What KusionStack Kusion (the Go tool) spends per object (issue 3): for reference. */
export const KUSIONSTACK_KUSION: Readonly<Record<Operation, number>> = {
  create: 3,
  update: 8,
  unchanged: 3,
};

export interface Results {
  readonly machine: string;
  readonly objects: number;
  readonly namespaces: number;
  readonly repeat: number;
  /** Median seconds, by tool and operation. */
  readonly seconds: Readonly<Record<Tool, Readonly<Record<Operation, number>>>>;
  /** Median seconds of a deploy creating one object: the fixed cost of a run. */
  readonly fixedCostSeconds: Readonly<Record<Tool, number>>;
  /** Median seconds of `node -e 0` and of `kusion --version`. */
  readonly startupSeconds: { readonly node: number; readonly kusion: number };
  /** Requests of one counted deploy, by tool and operation. */
  readonly requests: Readonly<Record<Tool, Readonly<Record<Operation, RequestCounts>>>>;
}

export function describeMachine(kubectl: string, controllerManager: boolean): string {
  return (
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
    `${process.platform} ${release()}, node ${process.version}, kubectl ${kubectl}, ` +
    `kube-apiserver 1.20.2 (controller-manager ${controllerManager ? 'on' : 'off'})`
  );
}

const seconds = (value: number) => `${value.toFixed(2)} s`;
const perObject = (counts: RequestCounts, objects: number) => counts.total / objects;

/** Left-aligns the first column, right-aligns the others, two spaces apart. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function timeRatio(results: Results, operation: Operation, tool: Tool = 'kusion'): number {
  return results.seconds[tool][operation] / results.seconds.kubectl[operation];
}

export function renderResults(results: Results): string {
  const { objects } = results;
  const composition = Object.entries(PER_NAMESPACE)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  const runs = results.repeat > 1 ? `median of ${results.repeat} runs` : '1 run';
  const ratio = (kusion: number, reference: number) => `${(kusion / reference).toFixed(2)}×`;
  const timeRows = [
    [
      'deploy (whole process)',
      'kusion',
      'kubectl',
      'kusion/kubectl',
      'target',
      '--skip-preview',
      'ratio',
      'target',
    ],
    ...OPERATIONS.map((operation) => [
      operation,
      seconds(results.seconds.kusion[operation]),
      seconds(results.seconds.kubectl[operation]),
      `${timeRatio(results, operation).toFixed(2)}×`,
      operation === 'create'
        ? `≤ ${TIME_TARGETS.create.toFixed(1)}`
        : operation === 'update'
          ? `≤ ${TIME_TARGETS.update.toFixed(1)}`
          : '',
      seconds(results.seconds['kusion-skip'][operation]),
      `${timeRatio(results, operation, 'kusion-skip').toFixed(2)}×`,
      operation === 'update' ? `≤ ${TIME_TARGETS.updateSkippingPreview.toFixed(1)}` : '',
    ]),
    [
      '1 object, create',
      seconds(results.fixedCostSeconds.kusion),
      seconds(results.fixedCostSeconds.kubectl),
      ratio(results.fixedCostSeconds.kusion, results.fixedCostSeconds.kubectl),
      `≤ ${TIME_TARGETS.oneObject.toFixed(1)}`,
      seconds(results.fixedCostSeconds['kusion-skip']),
      ratio(results.fixedCostSeconds['kusion-skip'], results.fixedCostSeconds.kubectl),
      '',
    ],
  ];
  const startupRows = [
    ['start-up (whole process)', 'kusion --version', 'node -e 0', 'ratio', 'target'],
    [
      'median of 15',
      seconds(results.startupSeconds.kusion),
      seconds(results.startupSeconds.node),
      ratio(results.startupSeconds.kusion, results.startupSeconds.node),
      `≤ ${TIME_TARGETS.startup.toFixed(1)}`,
    ],
  ];
  const requestRows = [
    ['requests per object', 'kusion', 'target', 'KusionStack Kusion', 'kubectl'],
    ...OPERATIONS.map((operation) => [
      operation,
      perObject(results.requests.kusion[operation], objects).toFixed(2),
      `≤ ${REQUEST_TARGETS[operation]}`,
      `~${KUSIONSTACK_KUSION[operation]}`,
      perObject(results.requests.kubectl[operation], objects).toFixed(2),
    ]),
  ];
  const breakdown = TOOLS.flatMap((tool) =>
    OPERATIONS.map((operation) => {
      const counts = results.requests[tool][operation];
      const verbs = Object.entries(counts.byVerb)
        .map(([verb, count]) => `${verb} ${count}`)
        .join(', ');
      return `  ${`${tool} ${operation}:`.padEnd(18)} ${String(counts.total).padStart(4)} = ${verbs || 'none'}; discovery ${counts.discovery} (not counted)`;
    }),
  );
  return [
    results.machine,
    `${objects} objects: ${results.namespaces} namespaces × (1 Namespace, ${composition}); ` +
      `kusion deploy --yes --no-watch vs kubectl apply --server-side -f; ${runs}, tools alternating`,
    '',
    table(timeRows),
    '',
    table(startupRows),
    '',
    'API requests over one whole deploy (plan + apply), at the HTTP layer, discovery excluded:',
    table(requestRows),
    ...breakdown,
    '',
    targetsLine(results),
  ].join('\n');
}

export interface TargetCheck {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly isMet: boolean;
}

export function checkTargets(results: Results): TargetCheck[] {
  const timed = (name: string, value: number, limit: number): TargetCheck => ({
    name,
    value,
    limit,
    isMet: value <= limit,
  });
  return [
    timed('create time kusion/kubectl', timeRatio(results, 'create'), TIME_TARGETS.create),
    timed('update time kusion/kubectl', timeRatio(results, 'update'), TIME_TARGETS.update),
    timed(
      'update time with --skip-preview kusion/kubectl',
      timeRatio(results, 'update', 'kusion-skip'),
      TIME_TARGETS.updateSkippingPreview,
    ),
    timed(
      '1-object create kusion/kubectl',
      results.fixedCostSeconds.kusion / results.fixedCostSeconds.kubectl,
      TIME_TARGETS.oneObject,
    ),
    timed(
      'start-up kusion --version / node -e 0',
      results.startupSeconds.kusion / results.startupSeconds.node,
      TIME_TARGETS.startup,
    ),
    ...OPERATIONS.map((operation) => {
      const value = perObject(results.requests.kusion[operation], results.objects);
      const limit = REQUEST_TARGETS[operation];
      return { name: `${operation} requests per object`, value, limit, isMet: value <= limit };
    }),
  ];
}

function targetsLine(results: Results): string {
  const checks = checkTargets(results);
  const describe = (c: TargetCheck) => `${c.name} ${c.value.toFixed(2)} (≤ ${c.limit})`;
  const missed = checks.filter((c) => !c.isMet);
  return missed.length
    ? `Targets: NOT MET: ${missed.map(describe).join('; ')}`
    : `Targets: MET: ${checks.map(describe).join('; ')}`;
}

export function resultsJson(results: Results): string {
  const checks = checkTargets(results);
  return JSON.stringify(
    {
      ...results,
      ratios: Object.fromEntries(OPERATIONS.map((op) => [op, timeRatio(results, op)])),
      skipPreviewRatios: Object.fromEntries(
        OPERATIONS.map((op) => [op, timeRatio(results, op, 'kusion-skip')]),
      ),
      requestsPerObject: Object.fromEntries(
        TOOLS.map((tool) => [
          tool,
          Object.fromEntries(
            OPERATIONS.map((op) => [op, perObject(results.requests[tool][op], results.objects)]),
          ),
        ]),
      ),
      targets: checks,
      targetsMet: checks.every((c) => c.isMet),
    },
    null,
    2,
  );
}

// Kusion's engine against terraform's on the same graphs: plan, apply and destroy of N resources,
// each a whole CLI process on a fresh state, so start-up and state handling count as a user sees.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildGraph, isShape, SHAPES, type Shape } from './graph-shapes.ts';
import { runKusion } from './kusion-runner.ts';
import {
  comparisonJson,
  describeMachine,
  linearityJson,
  renderComparison,
  renderLinearity,
} from './report.ts';
import { checkLinearity, LINEARITY_SIZES, type CaseResult } from './targets.ts';
import { runTerraform, terraformVersion } from './terraform-runner.ts';
import { medianTimes, progress, type StepTimes } from './timing.ts';
import { defaultScratchDir } from './scratch-dir.ts';

const USAGE = `usage: node tools/bench/engine-vs-terraform/main.ts [--sizes 100,500,1000]
  [--shapes ${SHAPES.join(',')}] [--skip-terraform] [--repeat N] [--linearity] [--json]
  [--dir PATH (default: /dev/shm when writable, else the temp dir)] [--keep]`;

interface Options {
  readonly sizes: number[];
  readonly shapes: Shape[];
  readonly skipTerraform: boolean;
  readonly repeat: number;
  readonly linearity: boolean;
  readonly json: boolean;
  readonly dir: string;
  readonly keep: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,500,1000' },
      shapes: { type: 'string', default: SHAPES.join(',') },
      'skip-terraform': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      linearity: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      dir: { type: 'string', default: defaultScratchDir() },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes = values.sizes.split(',').map(Number);
  const shapes = values.shapes.split(',');
  const repeat = Number(values.repeat);
  const problems = [
    ...sizes.filter((n) => !Number.isInteger(n) || n < 1).map((n) => `bad size ${n}`),
    ...shapes.filter((s) => !isShape(s)).map((s) => `unknown shape ${s}`),
    ...(Number.isInteger(repeat) && repeat >= 1 ? [] : [`bad repeat ${values.repeat}`]),
  ];
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return {
    sizes,
    shapes: shapes.filter(isShape),
    skipTerraform: values['skip-terraform'],
    repeat,
    linearity: values.linearity,
    json: values.json,
    dir: values.dir,
    keep: values.keep,
  };
}

type Runner = (
  graph: ReturnType<typeof buildGraph>,
  workDir: string,
  label: string,
) => Promise<StepTimes>;

/** Median times of `repeat` runs, each in a fresh directory (a fresh state, home and cloud). */
async function measure(
  runner: Runner,
  shape: Shape,
  size: number,
  options: Options,
  root: string,
  tool: string,
): Promise<StepTimes> {
  const graph = buildGraph(shape, size);
  const runs: StepTimes[] = [];
  for (let run = 1; run <= options.repeat; run++) {
    const workDir = mkdtempSync(join(root, `${tool}-${shape}-${size}-`));
    const label = `${shape} N=${size}${options.repeat > 1 ? ` #${run}` : ''}`;
    runs.push(await runner(graph, workDir, label));
    // Only a successful run is removed: a failed one keeps its logs for the error message.
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
  return medianTimes(runs);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const root = mkdtempSync(join(options.dir, 'kusion-bench-'));
  progress(`Working in ${root}`);
  const useTerraform = !options.linearity && !options.skipTerraform;
  const machine = describeMachine(
    useTerraform ? await terraformVersion(root) : 'not run',
    options.dir,
  );

  if (options.linearity) {
    const small = await measure(runKusion, 'wide', LINEARITY_SIZES.small, options, root, 'kusion');
    const large = await measure(runKusion, 'wide', LINEARITY_SIZES.large, options, root, 'kusion');
    const result = checkLinearity(small, large);
    console.log(
      options.json
        ? linearityJson(machine, options.repeat, result)
        : renderLinearity(machine, options.repeat, result),
    );
  } else {
    const results: CaseResult[] = [];
    for (const shape of options.shapes) {
      for (const size of options.sizes) {
        const kusion = await measure(runKusion, shape, size, options, root, 'kusion');
        const terraform = useTerraform
          ? await measure(runTerraform, shape, size, options, root, 'terraform')
          : undefined;
        results.push(terraform ? { shape, size, kusion, terraform } : { shape, size, kusion });
      }
    }
    console.log(
      options.json
        ? comparisonJson(machine, options.repeat, results)
        : renderComparison(machine, options.repeat, results),
    );
  }
  if (!options.keep) rmSync(root, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

// `kusion deploy` against `aws cloudformation deploy`: the same 20-resource stack, created and then
// updated, against the same moto, timed from process start to exit. Each run starts from a reset
// moto (and a fresh KUSION_HOME), the order of the two tools alternates, and after every run the
// stack is checked: CREATE_COMPLETE/UPDATE_COMPLETE with 20 resources, or the run does not count.
//
//   node tools/bench/aws-vs-cli/main.ts [--runs 7] [--json]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMoto } from '@kusion/test-peers';
import {
  CLI_STACK,
  KUSION_STACK,
  benchResources,
  writeCliTemplate,
  writeKusionProject,
} from './bench-fixture.ts';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(repository, 'packages/cli/bin/run.js');
const TARGET_RATIO = 1.2;

type Tool = 'kusion' | 'aws-cli';
type Phase = 'create' | 'update';

interface Sample {
  readonly tool: Tool;
  readonly phase: Phase;
  readonly seconds: number;
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);

for (const file of ['packages/cli/dist', 'plugins/provider-aws/dist/index.js']) {
  if (!existsSync(join(repository, file)))
    throw new Error(
      `${file} is missing: build first (npx nx run-many -t build -p @kusion/cli @kusion/provider-aws)`,
    );
}

const moto = await startMoto();
const work = mkdtempSync(join(tmpdir(), 'kusion-bench-aws-'));
// Kusion gets moto from its workspace and the aws CLI from --endpoint-url: no AWS_ENDPOINT_URL for either.
const env: NodeJS.ProcessEnv = withoutAwsEndpoint({ ...process.env, ...moto.env, NO_COLOR: '1' });
const samples: Sample[] = [];
try {
  // One warm-up of each (page cache, Python bytecode), not counted.
  for (const tool of ['kusion', 'aws-cli'] as const) await runBoth(tool, 'warm-up');
  for (let run = 1; run <= runs; run++) {
    const order: Tool[] = run % 2 ? ['kusion', 'aws-cli'] : ['aws-cli', 'kusion'];
    for (const tool of order) {
      const [create, update] = await runBoth(tool, `run ${run}/${runs}`);
      samples.push(
        { tool, phase: 'create', seconds: create },
        { tool, phase: 'update', seconds: update },
      );
    }
  }
} finally {
  await moto.stop();
  rmSync(work, { recursive: true, force: true });
}
report(samples);

/** Creates the stack, then updates its 10 queues; answers both times in seconds. */
async function runBoth(tool: Tool, label: string): Promise<[number, number]> {
  await moto.reset();
  const dir = mkdtempSync(join(work, `${tool}-`));
  const times: number[] = [];
  for (const [phase, visibility] of [
    ['create', 30],
    ['update', 60],
  ] as const) {
    const resources = benchResources(tool === 'kusion' ? 'kb' : 'ab', visibility);
    let seconds: number;
    if (tool === 'kusion') {
      writeKusionProject(dir, moto.endpoint, resources);
      const home = join(dir, 'home');
      if (phase === 'create')
        await run(
          process.execPath,
          [CLI, 'workspace', 'create', 'bench', '-f', join(dir, 'workspace.yaml')],
          { cwd: dir, env: { ...env, KUSION_HOME: home } },
        );
      seconds = await run(process.execPath, [CLI, 'deploy', '--yes'], {
        cwd: join(dir, 'dev'),
        env: { ...env, KUSION_HOME: home },
      });
    } else {
      const template = join(dir, 'template.json');
      writeCliTemplate(template, resources);
      seconds = await run(
        'aws',
        [
          'cloudformation',
          'deploy',
          '--template-file',
          template,
          '--stack-name',
          CLI_STACK,
          '--endpoint-url',
          moto.endpoint,
          '--region',
          'us-east-1',
          '--no-fail-on-empty-changeset',
        ],
        { cwd: dir, env },
      );
    }
    await verify(tool === 'kusion' ? KUSION_STACK : CLI_STACK, phase);
    console.error(`  ${label} ${tool} ${phase}: ${seconds.toFixed(3)} s`);
    times.push(seconds);
  }
  return [times[0] ?? NaN, times[1] ?? NaN];
}

/** The stack must exist, have ended its operation well, and hold the 20 resources. */
async function verify(stackName: string, phase: Phase): Promise<void> {
  const expected = phase === 'create' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
  const query = [
    'cloudformation',
    '--endpoint-url',
    moto.endpoint,
    '--region',
    'us-east-1',
    '--output',
    'text',
  ];
  const status = await capture('aws', [
    ...query,
    'describe-stacks',
    '--stack-name',
    stackName,
    '--query',
    'Stacks[0].StackStatus',
  ]);
  const count = await capture('aws', [
    ...query,
    'list-stack-resources',
    '--stack-name',
    stackName,
    '--query',
    'length(StackResourceSummaries)',
  ]);
  if (status.trim() !== expected || count.trim() !== '20') {
    throw new Error(
      `${stackName} after ${phase}: status ${status.trim()}, ${count.trim()} resources (expected ${expected}, 20)`,
    );
  }
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve(seconds);
      else reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}\n${stderr}`));
    });
  });
}

function capture(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', () => {
      resolve(stdout);
    });
  });
}

function withoutAwsEndpoint(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(source).filter(
      ([key]) => !key.startsWith('AWS_ENDPOINT_URL') && !key.startsWith('KUSION_'),
    ),
  );
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function report(all: readonly Sample[]): void {
  const rows = (['create', 'update'] as const).map((phase) => {
    const of = (tool: Tool) =>
      all
        .filter((sample) => sample.tool === tool && sample.phase === phase)
        .map((sample) => sample.seconds);
    const kusion = of('kusion');
    const cli = of('aws-cli');
    return {
      phase,
      kusion: median(kusion),
      kusionMin: Math.min(...kusion),
      cli: median(cli),
      cliMin: Math.min(...cli),
      ratio: median(kusion) / median(cli),
    };
  });
  if (values.json) {
    console.log(JSON.stringify({ runs, target: TARGET_RATIO, rows }, null, 2));
    return;
  }
  const lines = [
    `kusion deploy vs aws cloudformation deploy — 20 resources (10 SQS, 5 SNS, 5 S3) on moto, ${runs} runs, median (min) wall time, process start included`,
    '',
    '| step   | kusion deploy     | aws cloudformation deploy | ratio | target ≤ 1.2 |',
    '| ------ | ----------------- | ------------------------- | ----- | ------------ |',
    ...rows.map(
      (row) =>
        `| ${row.phase} | ${row.kusion.toFixed(3)} s (${row.kusionMin.toFixed(3)}) | ${row.cli.toFixed(3)} s (${row.cliMin.toFixed(3)}) | ${row.ratio.toFixed(2)} | ${row.ratio <= TARGET_RATIO ? 'met' : 'missed'} |`,
    ),
    '',
    'Both stacks were checked after every run: CREATE_COMPLETE / UPDATE_COMPLETE with 20 resources.',
  ];
  console.log(lines.join('\n'));
}

/**
 * The figures a reliability run reports: per scenario, how many runs, how many failed to converge,
 * how many resources were lost (in the cloud but not in state, or in state but not in the cloud).
 * Printed at the end of the suite and, with KUSION_RELIABILITY_REPORT=<file>, written as JSON.
 */
import { writeFileSync } from 'node:fs';

export interface Figure {
  readonly scenario: string;
  runs: number;
  failures: number;
  dataLost: number;
  readonly notes: string[];
}

const figures = new Map<string, Figure>();

export function figure(scenario: string): Figure {
  let found = figures.get(scenario);
  if (!found) {
    found = { scenario, runs: 0, failures: 0, dataLost: 0, notes: [] };
    figures.set(scenario, found);
  }
  return found;
}

/** How many runs a scenario makes: KUSION_RELIABILITY_RUNS (npm run test:reliability sets 20). */
export function runCount(ciDefault: number): number {
  const fromEnv = Number(process.env.KUSION_RELIABILITY_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ciDefault;
}

export function reportFigures(): void {
  const rows = [...figures.values()];
  for (const row of rows) {
    console.log(
      `[reliability] ${row.scenario}: ${row.runs} runs, ${row.failures} failures, ${row.dataLost} resources lost${row.notes.length ? ` (${row.notes.join('; ')})` : ''}`,
    );
  }
  const file = process.env.KUSION_RELIABILITY_REPORT;
  if (file) writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}

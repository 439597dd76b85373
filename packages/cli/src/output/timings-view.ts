/** The "why slow" report `--timings` prints after the summary, and `release show --timings`. */
import type { RunPhase, RunTimings } from '@kusion/sdk';
import { formatDuration } from './terminal.js';
import type { Colors } from './terminal.js';

const PHASES: readonly RunPhase[] = ['load', 'generate', 'plan', 'apply', 'record'];

export function renderTimings(timings: RunTimings, colors: Colors): string {
  const lines = [colors.bold(`Timings (total ${formatDuration(timings.totalMs)})`)];
  lines.push(
    `  phases: ${PHASES.map((phase) => `${phase} ${formatDuration(timings.phases[phase])}`).join(' · ')}`,
  );
  if (timings.slowest.length) {
    lines.push('  slowest resources:');
    for (const resource of timings.slowest) {
      lines.push(
        `    ${formatDuration(resource.durationMs).padStart(8)}  ${resource.action.padEnd(9)} ${resource.id}`,
      );
    }
  }
  for (const provider of timings.providers) {
    const facts = [
      provider.apiCalls === undefined
        ? undefined
        : `${provider.apiCalls} API call${provider.apiCalls === 1 ? '' : 's'}`,
      provider.throttled ? `${provider.throttled} throttled` : undefined,
      `${provider.retries} retr${provider.retries === 1 ? 'y' : 'ies'}`,
      `${formatDuration(provider.readinessWaitMs)} waiting for readiness`,
    ].filter((fact) => fact !== undefined);
    lines.push(`  ${provider.provider}: ${facts.join(', ')}`);
    const operations = Object.entries(provider.callsByOperation ?? {}).sort(
      ([, a], [, b]) => b - a,
    );
    if (operations.length) {
      lines.push(
        `    ${operations.map(([operation, count]) => `${operation} ×${count}`).join(', ')}`,
      );
    }
  }
  return lines.join('\n');
}

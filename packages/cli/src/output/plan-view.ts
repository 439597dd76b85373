/** The change table and field diffs shown by preview and before deploy asks for confirmation. */
import type { ChangeAction, DiffEntry, Plan, PlannedChange } from '@kusion/sdk';
import Table from 'cli-table3';
import type { Colors } from './terminal.js';

const UNCHANGED_ROWS_SHOWN = 20;

export function colorAction(action: ChangeAction, colors: Colors): string {
  switch (action) {
    case 'Create':
      return colors.green(action);
    case 'Update':
      return colors.yellow(action);
    case 'Replace':
      return colors.magenta(action);
    case 'Delete':
      return colors.red(action);
    case 'UnChanged':
      return colors.dim(action);
  }
}

export interface PlanViewOptions {
  readonly colors: Colors;
  /** Show every unchanged resource and the full content of new ones. */
  readonly isDetailed: boolean;
}

export function renderPlan(plan: Plan, options: PlanViewOptions): string {
  const { colors } = options;
  const lines: string[] = [
    `Project ${colors.bold(plan.project)} · stack ${colors.bold(plan.stack)} · workspace ${colors.bold(plan.workspace)}`,
  ];
  if (!plan.changes.length) return [...lines, 'The stack has no resources.'].join('\n');

  const changed = plan.changes.filter((c) => c.action !== 'UnChanged');
  const unchanged = plan.changes.filter((c) => c.action === 'UnChanged');
  const shownUnchanged = options.isDetailed
    ? unchanged
    : unchanged.slice(0, Math.max(0, UNCHANGED_ROWS_SHOWN - changed.length));
  const table = new Table({
    head: ['ID', 'Type', 'Action', 'Reason'],
    style: { head: [], border: [] },
  });
  for (const change of [...changed, ...shownUnchanged]) {
    table.push([change.id, change.type, colorAction(change.action, colors), change.reason]);
  }
  lines.push(table.toString());
  const hidden = unchanged.length - shownUnchanged.length;
  if (hidden > 0) lines.push(colors.dim(`… and ${hidden} more unchanged (--detail shows them)`));

  for (const change of changed) {
    const details = renderChangeDetails(change, options);
    if (details) lines.push('', details);
  }
  lines.push('', planSummaryLine(plan, colors));
  return lines.join('\n');
}

export function planSummaryLine(plan: Plan, colors: Colors): string {
  const { create, update, replace, delete: remove, unchanged } = plan.summary;
  if (create + update + replace + remove === 0)
    return colors.green(
      `No changes: ${unchanged} resource${unchanged === 1 ? '' : 's'} up to date.`,
    );
  return `Plan: ${colors.green(`${create} to create`)}, ${colors.yellow(`${update} to update`)}, ${colors.magenta(`${replace} to replace`)}, ${colors.red(`${remove} to delete`)}, ${unchanged} unchanged.`;
}

function renderChangeDetails(change: PlannedChange, options: PlanViewOptions): string | undefined {
  if ((change.action === 'Create' || change.action === 'Delete') && !options.isDetailed)
    return undefined;
  if (!change.diff.length) return undefined;
  const { colors } = options;
  const header = `${colorAction(change.action, colors)} ${colors.bold(change.id)}`;
  return [header, ...change.diff.map((entry) => `  ${renderDiffEntry(entry, colors)}`)].join('\n');
}

export function renderDiffEntry(entry: DiffEntry, colors: Colors): string {
  const path = entry.path || '(whole object)';
  switch (entry.kind) {
    case 'add':
      return colors.green(`+ ${path}: ${show(entry.after)}`);
    case 'remove':
      return colors.red(`- ${path}${entry.before === undefined ? '' : `: ${show(entry.before)}`}`);
    case 'change':
      return colors.yellow(`~ ${path}: ${show(entry.before)} → ${show(entry.after)}`);
  }
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * The plan shown by preview and before deploy asks: one line per resource (symbol and colour per
 * action, id, type, reason), grouped by action, unchanged resources folded into a count unless
 * `--all`, field diffs only under `--detail`. On a terminal every line fits its width; a
 * 1,000-resource plan is about 1,000 lines, not a table with a rule between rows.
 */
import type { ChangeAction, DiffEntry, Plan, PlannedChange } from '@kusion/sdk';
import { textWidth as stringWidth, truncate as cliTruncate } from './terminal-libraries.js';
import type { Colors } from './terminal.js';

export function colorAction(action: ChangeAction, colors: Colors): string {
  return paint(action, action, colors);
}

/** One column wide, so the ids line up. */
const SYMBOLS: Record<ChangeAction, string> = {
  Create: '+',
  Update: '~',
  Replace: '±',
  Delete: '-',
  UnChanged: '=',
};
const GROUPS: readonly ChangeAction[] = ['Create', 'Update', 'Replace', 'Delete', 'UnChanged'];

function paint(action: ChangeAction, text: string, colors: Colors): string {
  switch (action) {
    case 'Create':
      return colors.green(text);
    case 'Update':
      return colors.yellow(text);
    case 'Replace':
      return colors.magenta(text);
    case 'Delete':
      return colors.red(text);
    case 'UnChanged':
      return colors.dim(text);
  }
}

export interface PlanViewOptions {
  readonly colors: Colors;
  /** Field diffs of every change (`--detail`). */
  readonly isDetailed: boolean;
  /** One line per unchanged resource too, instead of their count (`--all`). */
  readonly showsAll?: boolean;
  /** The terminal's width; lines are cut to it. Undefined off a terminal: nothing is cut. */
  readonly columns?: number | undefined;
}

export function renderPlan(plan: Plan, options: PlanViewOptions): string {
  const { colors } = options;
  const lines: string[] = [
    `Project ${colors.bold(plan.project)} · stack ${colors.bold(plan.stack)} · workspace ${colors.bold(plan.workspace)}`,
  ];
  if (!plan.changes.length) return [...lines, 'The stack has no resources.'].join('\n');

  const layout = columnLayout(plan.changes, options.columns);
  for (const action of GROUPS) {
    const changes = plan.changes.filter((change) => change.action === action);
    if (!changes.length) continue;
    const title = action === 'UnChanged' ? 'Unchanged' : action;
    if (action === 'UnChanged' && options.showsAll !== true) {
      lines.push(colors.dim(`${title} ${changes.length} (--all lists them)`));
      continue;
    }
    lines.push(paint(action, colors.bold(`${title} ${changes.length}`), colors));
    for (const change of changes) lines.push(renderRow(change, layout, colors));
  }

  if (options.isDetailed) {
    for (const change of plan.changes) {
      if (change.action === 'UnChanged' || !change.diff.length) continue;
      lines.push(
        '',
        `${paint(change.action, SYMBOLS[change.action], colors)} ${colors.bold(fit(change.id, options.columns, 2))}`,
      );
      for (const entry of change.diff)
        lines.push(
          `    ${renderDiffEntry(entry, colors, options.columns === undefined ? undefined : options.columns - 4)}`,
        );
    }
  }
  lines.push('', planSummaryLine(plan, colors));
  return lines.join('\n');
}

interface Layout {
  readonly idWidth: number;
  readonly typeWidth: number;
  /** Width left for the reason; undefined: no limit. */
  readonly reasonWidth: number | undefined;
}

/** `  + <id>  <type>  <reason>`: the id gets what it needs up to half the line, the reason the rest. */
function columnLayout(changes: readonly PlannedChange[], columns: number | undefined): Layout {
  const longestId = Math.max(...changes.map((change) => stringWidth(change.id)));
  const longestType = Math.max(...changes.map((change) => stringWidth(change.type)));
  if (columns === undefined)
    return { idWidth: longestId, typeWidth: longestType, reasonWidth: undefined };
  const available = Math.max(20, columns - 4);
  const typeWidth = Math.min(longestType, 16);
  const idWidth = Math.min(longestId, Math.max(12, Math.floor(available / 2)));
  return { idWidth, typeWidth, reasonWidth: Math.max(0, available - idWidth - typeWidth - 4) };
}

function renderRow(change: PlannedChange, layout: Layout, colors: Colors): string {
  const id = pad(cliTruncate(change.id, layout.idWidth, { position: 'middle' }), layout.idWidth);
  const type = pad(cliTruncate(change.type, layout.typeWidth), layout.typeWidth);
  const reason =
    layout.reasonWidth === undefined
      ? change.reason
      : cliTruncate(change.reason, layout.reasonWidth);
  const row = `  ${paint(change.action, SYMBOLS[change.action], colors)} ${id}  ${colors.dim(type)}  ${reason}`;
  return row.trimEnd();
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function fit(text: string, columns: number | undefined, used: number): string {
  return columns === undefined ? text : cliTruncate(text, Math.max(10, columns - used));
}

export function planSummaryLine(plan: Plan, colors: Colors): string {
  const { create, update, replace, delete: remove, unchanged } = plan.summary;
  if (create + update + replace + remove === 0)
    return colors.green(
      `No changes: ${unchanged} resource${unchanged === 1 ? '' : 's'} up to date.`,
    );
  return `Plan: ${colors.green(`${create} to create`)}, ${colors.yellow(`${update} to update`)}, ${colors.magenta(`${replace} to replace`)}, ${colors.red(`${remove} to delete`)}, ${unchanged} unchanged.`;
}

export function renderDiffEntry(entry: DiffEntry, colors: Colors, width?: number): string {
  const path = entry.path || '(whole object)';
  const line = ((): string => {
    switch (entry.kind) {
      case 'add':
        return `+ ${path}: ${show(entry.after)}`;
      case 'remove':
        return `- ${path}${entry.before === undefined ? '' : `: ${show(entry.before)}`}`;
      case 'change':
        return `~ ${path}: ${show(entry.before)} → ${show(entry.after)}`;
    }
  })();
  const shown = width === undefined ? line : cliTruncate(line, Math.max(10, width));
  switch (entry.kind) {
    case 'add':
      return colors.green(shown);
    case 'remove':
      return colors.red(shown);
    case 'change':
      return colors.yellow(shown);
  }
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Live per-resource progress. On a TTY: finished resources scroll above a live region showing
 * what is in flight and what it waits for. Elsewhere: one plain line per event.
 */
import type { ChangeAction, IoMessageData, OutcomeStatus } from '@kusion/sdk';
import { createLogUpdate } from 'log-update';
import { colorAction } from './plan-view.js';
import { formatDuration } from './terminal.js';
import type { Terminal } from './terminal.js';

export interface ProgressView {
  start(data: IoMessageData['APPLY_START']): void;
  resourceStarted(data: IoMessageData['RESOURCE_START']): void;
  resourceProgress(data: IoMessageData['RESOURCE_PROGRESS']): void;
  resourceDone(data: IoMessageData['RESOURCE_DONE']): void;
  /** A line that must not be overwritten (warnings, retries). */
  note(text: string): void;
  stop(): void;
}

const PAST_TENSE: Record<ChangeAction, string> = {
  Create: 'Created',
  Update: 'Updated',
  Replace: 'Replaced',
  Delete: 'Deleted',
  UnChanged: 'Unchanged',
};

export function createProgressView(terminal: Terminal): ProgressView {
  return terminal.mode === 'tty' ? createLiveView(terminal) : createLineView(terminal);
}

function doneLine(data: IoMessageData['RESOURCE_DONE'], terminal: Terminal): string {
  const { colors } = terminal;
  const took = colors.dim(`(${formatDuration(data.durationMs)})`);
  const marks: Record<OutcomeStatus, string> = {
    succeeded: colors.green('✔'),
    failed: colors.red('✖'),
    skipped: colors.yellow('↷'),
    cancelled: colors.yellow('■'),
  };
  const verb =
    data.status === 'succeeded' ? PAST_TENSE[data.action] : `${data.action} ${data.status}`;
  const timing = data.status === 'succeeded' ? ` ${took}` : '';
  const error = data.error ? colors.red(`: ${data.error}`) : '';
  return `${marks[data.status]} ${verb} ${data.id}${timing}${error}`;
}

function createLineView(terminal: Terminal): ProgressView {
  const lastStatus = new Map<string, string>();
  return {
    start: (data) => {
      terminal.out(
        `Applying ${data.total} change${data.total === 1 ? '' : 's'} (revision ${data.revision})`,
      );
    },
    resourceStarted: () => undefined,
    resourceProgress(data) {
      if (lastStatus.get(data.id) === data.status) return;
      lastStatus.set(data.id, data.status);
      terminal.out(`  … ${data.id}: ${data.status}`);
    },
    resourceDone: (data) => {
      terminal.out(doneLine(data, terminal));
    },
    note: (text) => {
      terminal.err(text);
    },
    stop: () => undefined,
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_LIVE_ROWS = 12;

function createLiveView(terminal: Terminal): ProgressView {
  const { colors } = terminal;
  const live = createLogUpdate(terminal.stdout);
  const inFlight = new Map<string, { action: ChangeAction; status: string; since: number }>();
  let total = 0;
  let done = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;

  const render = (): void => {
    frame = (frame + 1) % FRAMES.length;
    const rows = [...inFlight].slice(0, MAX_LIVE_ROWS).map(([id, row]) => {
      const elapsed = colors.dim(formatDuration(Date.now() - row.since));
      return `${colors.cyan(FRAMES[frame] ?? '')} ${colorAction(row.action, colors)} ${id} ${row.status ? colors.dim(`— ${row.status}`) : ''} ${elapsed}`;
    });
    if (inFlight.size > MAX_LIVE_ROWS)
      rows.push(colors.dim(`  … ${inFlight.size - MAX_LIVE_ROWS} more in progress`));
    rows.push(colors.bold(`${done}/${total} done`));
    live(rows.join('\n'));
  };
  const persist = (text: string): void => {
    live.clear();
    terminal.stdout.write(`${text}\n`);
  };

  return {
    start(data) {
      total = data.total;
      terminal.out(
        `Applying ${data.total} change${data.total === 1 ? '' : 's'} (revision ${data.revision})`,
      );
      timer = setInterval(render, 100);
      timer.unref();
    },
    resourceStarted(data) {
      inFlight.set(data.id, { action: data.action, status: '', since: Date.now() });
    },
    resourceProgress(data) {
      const row = inFlight.get(data.id);
      if (row) row.status = data.status;
    },
    resourceDone(data) {
      inFlight.delete(data.id);
      done++;
      persist(doneLine(data, terminal));
    },
    note: (text) => {
      persist(text);
    },
    stop() {
      if (timer) clearInterval(timer);
      live.clear();
      live.done();
    },
  };
}

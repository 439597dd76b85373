/**
 * Live per-resource progress of an apply. On a TTY: a live region (log-update) with a
 * `done/total` counter, the elapsed time and an estimate of what is left, then the resources in
 * flight with their elapsed time and the provider's last status; finished resources, retries and
 * warnings scroll above it. Elsewhere: plain lines with the same facts and no control characters —
 * every finished resource with the counter and the estimate, each new provider status, and every
 * 10 s a line naming what has been running longest.
 */
import type { ChangeAction, IoMessageData, OutcomeStatus } from '@kusion/sdk';
import { colorAction } from './plan-view.js';
import { createLogUpdate, truncate as cliTruncate } from './terminal-libraries.js';
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

export interface ProgressViewOptions {
  /** The clock, for tests. */
  readonly now?: () => number;
  /** Off a terminal, how often a line names what is still running (default 10 s). */
  readonly heartbeatMs?: number;
}

const PAST_TENSE: Record<ChangeAction, string> = {
  Create: 'Created',
  Update: 'Updated',
  Replace: 'Replaced',
  Delete: 'Deleted',
  UnChanged: 'Unchanged',
};

export function createProgressView(
  terminal: Terminal,
  options: ProgressViewOptions = {},
): ProgressView {
  return terminal.mode === 'tty'
    ? createLiveView(terminal, options)
    : createLineView(terminal, options);
}

interface InFlight {
  readonly action: ChangeAction;
  status: string;
  readonly since: number;
}

/** What both views count: finished of total, what runs, and how long the rest should take. */
function createTally(now: () => number) {
  const inFlight = new Map<string, InFlight>();
  let total = 0;
  let done = 0;
  let startedAt = now();
  return {
    inFlight,
    start(count: number): void {
      total = count;
      startedAt = now();
    },
    finish(id: string): void {
      inFlight.delete(id);
      done++;
    },
    get done(): number {
      return done;
    },
    get total(): number {
      return total;
    },
    elapsedMs(): number {
      return now() - startedAt;
    },
    /** At the pace so far; undefined before the first resource finishes or after the last. */
    remainingMs(): number | undefined {
      if (done === 0 || done >= total) return undefined;
      return ((now() - startedAt) / done) * (total - done);
    },
    /** Longest-running first. */
    running(): [string, InFlight][] {
      return [...inFlight].sort((a, b) => a[1].since - b[1].since);
    },
  };
}

type Tally = ReturnType<typeof createTally>;

function counter(tally: Tally): string {
  const remaining = tally.remainingMs();
  const estimate = remaining === undefined ? '' : `, about ${formatDuration(remaining)} left`;
  return `${tally.done}/${tally.total} done${estimate}`;
}

function doneLine(data: IoMessageData['RESOURCE_DONE'], terminal: Terminal): string {
  const { colors } = terminal;
  const took = colors.dim(`(${formatDuration(data.durationMs)})`);
  const marks: Record<OutcomeStatus, string> = {
    succeeded: colors.green('✔'),
    failed: colors.red('✖'),
    skipped: colors.yellow('↷'),
    cancelled: colors.yellow('■'),
    unknown: colors.yellow('?'),
  };
  const verb =
    data.status === 'succeeded' ? PAST_TENSE[data.action] : `${data.action} ${data.status}`;
  const timing = data.status === 'succeeded' ? ` ${took}` : '';
  const error = data.error ? colors.red(`: ${data.error}`) : '';
  return `${marks[data.status]} ${verb} ${data.id}${timing}${error}`;
}

function startLine(data: IoMessageData['APPLY_START']): string {
  return `Applying ${data.total} change${data.total === 1 ? '' : 's'} (revision ${data.revision})`;
}

function createLineView(terminal: Terminal, options: ProgressViewOptions): ProgressView {
  const now = options.now ?? Date.now;
  const tally = createTally(now);
  const lastStatus = new Map<string, string>();
  let heartbeat: NodeJS.Timeout | undefined;

  const beat = (): void => {
    const running = tally.running();
    if (!running.length) return;
    const longest = running
      .slice(0, 3)
      .map(
        ([id, row]) =>
          `${id} (${formatDuration(now() - row.since)}${row.status ? `, ${row.status}` : ''})`,
      );
    terminal.out(
      `… ${counter(tally)}; ${running.length} in flight, longest: ${longest.join(', ')}`,
    );
  };

  return {
    start(data) {
      tally.start(data.total);
      terminal.out(startLine(data));
      heartbeat = setInterval(beat, options.heartbeatMs ?? 10_000);
      heartbeat.unref();
    },
    resourceStarted(data) {
      tally.inFlight.set(data.id, { action: data.action, status: '', since: now() });
    },
    resourceProgress(data) {
      const row = tally.inFlight.get(data.id);
      if (row) row.status = data.status;
      if (lastStatus.get(data.id) === data.status) return;
      lastStatus.set(data.id, data.status);
      // How long it has waited, once that is worth reading.
      const waited = row ? now() - row.since : 0;
      const elapsed = waited >= 1000 ? ` (${formatDuration(waited)})` : '';
      terminal.out(`  … ${data.id}: ${data.status}${elapsed}`);
    },
    resourceDone(data) {
      tally.finish(data.id);
      terminal.out(`${doneLine(data, terminal)} [${counter(tally)}]`);
    },
    note: (text) => {
      terminal.err(text);
    },
    stop() {
      if (heartbeat) clearInterval(heartbeat);
    },
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_LIVE_ROWS = 12;

function createLiveView(terminal: Terminal, options: ProgressViewOptions): ProgressView {
  const now = options.now ?? Date.now;
  const { colors } = terminal;
  const live = createLogUpdate(terminal.stdout);
  const tally = createTally(now);
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;

  const render = (): void => {
    frame = (frame + 1) % FRAMES.length;
    const width = Math.max(20, (terminal.stdout.columns || 80) - 1);
    // The region must fit the screen, or the terminal scrolls and the erase misses lines.
    const maxRows = Math.max(1, Math.min(MAX_LIVE_ROWS, (terminal.stdout.rows || 24) - 3));
    const running = tally.running();
    const header = `${colors.cyan(FRAMES[frame] ?? '')} ${colors.bold(counter(tally))} ${colors.dim(`· ${running.length} in flight · ${formatDuration(tally.elapsedMs())}`)}`;
    const rows = running.slice(0, maxRows).map(([id, row]) => {
      const elapsed = colors.dim(formatDuration(now() - row.since));
      const status = row.status ? colors.dim(` — ${row.status}`) : '';
      return cliTruncate(`  ${colorAction(row.action, colors)} ${id} ${elapsed}${status}`, width);
    });
    if (running.length > maxRows)
      rows.push(colors.dim(`  … ${running.length - maxRows} more in flight`));
    live([cliTruncate(header, width), ...rows].join('\n'));
  };
  const persist = (text: string): void => {
    live.persist(`${text}\n`);
    render();
  };

  return {
    start(data) {
      tally.start(data.total);
      terminal.out(startLine(data));
      timer = setInterval(render, 100);
      timer.unref();
    },
    resourceStarted(data) {
      tally.inFlight.set(data.id, { action: data.action, status: '', since: now() });
    },
    resourceProgress(data) {
      const row = tally.inFlight.get(data.id);
      if (row) row.status = data.status;
    },
    resourceDone(data) {
      tally.finish(data.id);
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

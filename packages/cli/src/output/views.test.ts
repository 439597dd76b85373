import type { ReleaseResult } from '@kusion/core';
import type { Plan } from '@kusion/sdk';
import pc from 'picocolors';
import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { applyDocument, applySummaryText, planDocument } from './apply-view.js';
import { planSummaryLine, renderPlan } from './plan-view.js';
import { createProgressView } from './progress-view.js';
import type { Terminal } from './terminal.js';

const colors = pc.createColors(false);

const plan: Plan = {
  project: 'shop',
  stack: 'dev',
  workspace: 'prod',
  changes: [
    {
      id: 'app',
      type: 'Test',
      action: 'Update',
      reason: 'spec changed',
      diff: [{ path: 'replicas', kind: 'change', before: 2, after: 3 }],
    },
    {
      id: 'db',
      type: 'Test',
      action: 'Create',
      reason: 'not in state',
      diff: [{ path: 'engine', kind: 'add', after: 'pg' }],
    },
    ...Array.from({ length: 30 }, (_, i) => ({
      id: `same-${i}`,
      type: 'Test',
      action: 'UnChanged' as const,
      reason: 'up to date',
      diff: [],
    })),
  ],
  summary: { create: 1, update: 1, replace: 0, delete: 0, unchanged: 30 },
};

describe('the plan view', () => {
  it('prints one line per change, grouped by action, and folds unchanged resources into a count', () => {
    const text = renderPlan(plan, { colors, isDetailed: false });
    expect(text.split('\n')).toEqual([
      'Project shop · stack dev · workspace prod',
      'Create 1',
      '  + db       Test  not in state',
      'Update 1',
      '  ~ app      Test  spec changed',
      'Unchanged 30 (--all lists them)',
      '',
      'Plan: 1 to create, 1 to update, 0 to replace, 0 to delete, 30 unchanged.',
    ]);
  });

  it('lists unchanged resources with --all, and shows field diffs only with --detail', () => {
    const all = renderPlan(plan, { colors, isDetailed: false, showsAll: true });
    expect(all).toContain('Unchanged 30\n  = same-0   Test  up to date');
    expect(all).toContain('  = same-29  Test  up to date');
    expect(all).not.toContain('replicas');
    const detailed = renderPlan(plan, { colors, isDetailed: true });
    expect(detailed).toContain('~ app\n    ~ replicas: 2 → 3');
    expect(detailed).toContain('+ db\n    + engine: "pg"');
  });

  it('colours each action', () => {
    const bright = pc.createColors(true);
    const text = renderPlan(plan, { colors: bright, isDetailed: false });
    expect(text).toContain(`  ${bright.green('+')} db`);
    expect(text).toContain(`  ${bright.yellow('~')} app`);
  });

  it('prints a 1,000-resource plan in about 1,000 lines, none wider than the terminal', () => {
    const reasons = [
      'not in state',
      'spec changed: spec.template.spec.containers[0].image and 3 more fields',
      'removed from spec',
    ];
    const actions = ['Create', 'Update', 'Delete'] as const;
    const big: Plan = {
      ...plan,
      changes: Array.from({ length: 1000 }, (_, i) => ({
        id: `apps/v1:Deployment:team-${i % 7}:service-with-a-rather-long-name-${i}`,
        type: 'Kubernetes',
        action: actions[i % 3] ?? 'Create',
        reason: reasons[i % 3] ?? '',
        diff: [{ path: 'spec.replicas', kind: 'change' as const, before: 1, after: 2 }],
      })),
    };
    const lines = renderPlan(big, { colors, isDetailed: false, columns: 80 }).split('\n');
    expect(lines.length).toBeLessThanOrEqual(1010);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines).toContain('  + apps/v1:Deployment:…rather-long-name-0  Kubernetes  not in state');
  });

  it('cuts nothing off a terminal', () => {
    const long = {
      ...plan,
      changes: [
        {
          id: 'x'.repeat(150),
          type: 'Test',
          action: 'Create' as const,
          reason: 'not in state',
          diff: [],
        },
      ],
    };
    expect(renderPlan(long, { colors, isDetailed: false })).toContain(
      `  + ${'x'.repeat(150)}  Test  not in state`,
    );
  });

  it('says when there is nothing to do', () => {
    expect(
      planSummaryLine(
        { ...plan, summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 1 } },
        colors,
      ),
    ).toBe('No changes: 1 resource up to date.');
  });
});

describe('the JSON documents', () => {
  it('have exactly the documented shapes', () => {
    expect(Object.keys(planDocument(plan))).toEqual([
      'project',
      'stack',
      'workspace',
      'changes',
      'summary',
    ]);
    expect(Object.keys((planDocument(plan).changes as object[])[0] ?? {})).toEqual([
      'id',
      'type',
      'action',
      'reason',
      'diff',
    ]);
    const result: ReleaseResult = {
      status: 'failed',
      revision: 4,
      summary: { create: 1, update: 0, replace: 0, delete: 0, unchanged: 0 },
      resources: [
        {
          id: 'db',
          type: 'Test',
          action: 'Create',
          status: 'succeeded',
          durationMs: 5,
          retries: 2,
        },
        {
          id: 'app',
          type: 'Test',
          action: 'Create',
          status: 'failed',
          durationMs: 5,
          error: 'boom',
        },
      ],
      durationMs: 2100,
      plan,
      isDryRun: false,
      hasChanges: true,
    };
    // Failures and retries are in the summary, not only in the list (defect 8 of issue 12).
    expect(applyDocument(result)).toEqual({
      status: 'failed',
      revision: 4,
      summary: { ...result.summary, failed: 1, notApplied: 0, retries: 2 },
      resources: [
        { id: 'db', action: 'Create', status: 'succeeded', retries: 2 },
        { id: 'app', action: 'Create', status: 'failed', error: 'boom' },
      ],
      durationMs: 2100,
    });
    expect(applySummaryText(result, 'deploy', colors)).toBe(
      'Deploy failed: 1 failed, 0 not applied; 1 created, 0 updated, 0 replaced, 0 deleted in 2.1 s (revision 4).\n  ✖ app: boom',
    );
    expect(
      applySummaryText({ ...result, status: 'succeeded', resources: [] }, 'destroy', colors),
    ).toBe('Destroy complete: 1 created, 0 updated, 0 replaced, 0 deleted in 2.1 s (revision 4).');
  });
});

/** A clock the test moves. */
function testClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('progress off a terminal', () => {
  it('prints plain lines with the counter and an estimate, each status once, and no control characters', () => {
    const lines: string[] = [];
    const clock = testClock();
    const terminal = {
      mode: 'plain',
      isInteractive: false,
      colors,
      stdout: process.stdout,
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(`! ${t}`),
    } as Terminal;
    const view = createProgressView(terminal, { now: clock.now });
    view.start({ revision: 2, total: 3, operation: 'deploy' });
    view.resourceStarted({ id: 'web', action: 'Create' });
    view.resourceProgress({ id: 'web', status: 'applying' });
    clock.advance(1100);
    view.resourceProgress({ id: 'web', status: '0/2 replicas available' });
    view.resourceProgress({ id: 'web', status: '0/2 replicas available' });
    clock.advance(100);
    view.resourceDone({ id: 'web', action: 'Create', status: 'succeeded', durationMs: 1200 });
    view.note('⟳ retrying api (attempt 2 of 5): throttled');
    view.resourceDone({
      id: 'api',
      action: 'Update',
      status: 'failed',
      durationMs: 5,
      error: 'denied',
    });
    view.resourceDone({ id: 'db', action: 'Delete', status: 'succeeded', durationMs: 10 });
    view.stop();
    expect(lines).toEqual([
      'Applying 3 changes (revision 2)',
      '  … web: applying',
      '  … web: 0/2 replicas available (1.1 s)',
      '✔ Created web (1.2 s) [1/3 done, about 2.4 s left]',
      '! ⟳ retrying api (attempt 2 of 5): throttled',
      '✖ Update failed api: denied [2/3 done, about 600 ms left]',
      '✔ Deleted db (10 ms) [3/3 done]',
    ]);
    // eslint-disable-next-line no-control-regex -- escape sequences are what must not be there
    expect(lines.join('\n')).not.toMatch(/[\u001b\u0007\r]/);
  });

  it('names what has run longest at every heartbeat', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const clock = testClock();
      const terminal = {
        mode: 'plain',
        isInteractive: false,
        colors,
        stdout: process.stdout,
        out: (t: string) => lines.push(t),
        err: (t: string) => lines.push(t),
      } as Terminal;
      const view = createProgressView(terminal, { now: clock.now, heartbeatMs: 10_000 });
      view.start({ revision: 1, total: 2, operation: 'deploy' });
      view.resourceStarted({ id: 'db', action: 'Create' });
      view.resourceProgress({ id: 'db', status: 'waiting for ready' });
      clock.advance(10_000);
      vi.advanceTimersByTime(10_000);
      view.stop();
      expect(lines.at(-1)).toBe('… 0/2 done; 1 in flight, longest: db (10.0 s, waiting for ready)');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('progress on a terminal', () => {
  it('keeps a live region with the counter, an estimate and what is in flight; finished lines scroll above it', () => {
    const writes: string[] = [];
    const stdout = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 60,
      rows: 20,
    }) as unknown as NodeJS.WriteStream;
    stdout.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    const clock = testClock();
    const terminal = {
      mode: 'tty',
      isInteractive: true,
      colors,
      stdout,
      out: (t: string) => stdout.write(`${t}\n`),
      err: (t: string) => stdout.write(`${t}\n`),
    } as Terminal;
    vi.useFakeTimers();
    try {
      const view = createProgressView(terminal, { now: clock.now });
      view.start({ revision: 1, total: 4, operation: 'deploy' });
      for (const id of ['a', 'b', 'c']) view.resourceStarted({ id, action: 'Create' });
      view.resourceProgress({ id: 'b', status: 'waiting for 2 replicas' });
      clock.advance(2000);
      view.resourceDone({ id: 'a', action: 'Create', status: 'succeeded', durationMs: 2000 });
      vi.advanceTimersByTime(100);
      view.stop();
    } finally {
      vi.useRealTimers();
    }
    const screen = writes.join('');
    expect(screen).toContain('✔ Created a (2.0 s)\n');
    expect(screen).toContain('1/4 done, about 6.0 s left · 2 in flight · 2.0 s');
    expect(screen).toContain('Create b 2.0 s — waiting for 2 replicas');
    // eslint-disable-next-line no-control-regex -- the region is redrawn with cursor movements
    expect(screen).toMatch(/\u001b\[/);
  });
});

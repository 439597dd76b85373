import type { ReleaseResult } from '@kusion/core';
import type { Plan } from '@kusion/sdk';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
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
  it('tables the changes first, folds long runs of unchanged resources, and shows field diffs of updates', () => {
    const text = renderPlan(plan, { colors, isDetailed: false });
    expect(text).toContain('Project shop · stack dev · workspace prod');
    expect(text.indexOf('app')).toBeLessThan(text.indexOf('same-0'));
    expect(text).toContain('… and 12 more unchanged (--detail shows them)');
    expect(text).toContain('Update app\n  ~ replicas: 2 → 3');
    expect(text).not.toContain('+ engine');
    expect(text).toContain(
      'Plan: 1 to create, 1 to update, 0 to replace, 0 to delete, 30 unchanged.',
    );
  });

  it('shows everything with --detail', () => {
    const text = renderPlan(plan, { colors, isDetailed: true });
    expect(text).toContain('same-29');
    expect(text).toContain('Create db\n  + engine: "pg"');
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
        { id: 'db', type: 'Test', action: 'Create', status: 'succeeded', durationMs: 5 },
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
    expect(applyDocument(result)).toEqual({
      status: 'failed',
      revision: 4,
      summary: result.summary,
      resources: [
        { id: 'db', action: 'Create', status: 'succeeded' },
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

describe('progress off a terminal', () => {
  it('prints one plain line per event, and each status once', () => {
    const lines: string[] = [];
    const terminal = {
      mode: 'plain',
      isInteractive: false,
      colors,
      stdout: process.stdout,
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(`! ${t}`),
    } as Terminal;
    const view = createProgressView(terminal);
    view.start({ revision: 2, total: 2, operation: 'deploy' });
    view.resourceStarted({ id: 'web', action: 'Create' });
    view.resourceProgress({ id: 'web', status: '0/2 replicas available' });
    view.resourceProgress({ id: 'web', status: '0/2 replicas available' });
    view.resourceDone({ id: 'web', action: 'Create', status: 'succeeded', durationMs: 1200 });
    view.resourceDone({
      id: 'api',
      action: 'Update',
      status: 'failed',
      durationMs: 5,
      error: 'denied',
    });
    expect(lines).toEqual([
      'Applying 2 changes (revision 2)',
      '  … web: 0/2 replicas available',
      '✔ Created web (1.2 s)',
      '✖ Update failed api: denied',
    ]);
  });
});

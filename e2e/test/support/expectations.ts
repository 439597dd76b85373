/** Steps many tests take, with assertions that print the whole transcript when they fail. */
import { expect } from 'vitest';
import type { RunResult } from './kusion.ts';
import type { ScratchProject } from './project.ts';

export interface ApplyDocument {
  status: 'succeeded' | 'failed';
  revision: number;
  summary: Summary;
  resources: { id: string; action: string; status: string; error?: unknown }[];
  durationMs: number;
}

export interface Summary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  unchanged: number;
}

export interface PlanDocument {
  project: string;
  stack: string;
  workspace: string;
  changes: { id: string; type: string; action: string; reason: string; diff: unknown }[];
  summary: Summary;
}

export interface ErrorDocument {
  status: 'error';
  error: { code: string; message: string; hint?: string };
}

export interface ReleaseSummary {
  revision: number;
  operation: string;
  phase: string;
  resourceCount: number;
  error?: string;
}

export function expectExit(result: RunResult, exitCode: number): void {
  expect(result.exitCode, result.transcript).toBe(exitCode);
}

/** `deploy --yes --json` (plus `args`), which must succeed. */
export async function deployOk(
  project: ScratchProject,
  args: readonly string[] = [],
): Promise<ApplyDocument> {
  const result = await project.run(['deploy', '--yes', '--json', ...args]);
  expectExit(result, 0);
  const document = result.json<ApplyDocument>();
  expect(document.status, result.transcript).toBe('succeeded');
  return document;
}

export async function previewJson(
  project: ScratchProject,
  args: readonly string[] = [],
): Promise<PlanDocument> {
  const result = await project.run(['preview', '--json', ...args]);
  expectExit(result, 0);
  return result.json<PlanDocument>();
}

export async function releases(project: ScratchProject): Promise<ReleaseSummary[]> {
  const result = await project.run(['release', 'list', '--json']);
  expectExit(result, 0);
  return result.json<{ releases: ReleaseSummary[] }>().releases;
}

/** The error envelope `--json` promises for a failed command. */
export function expectErrorDocument(result: RunResult, code: string): ErrorDocument {
  const document = result.json<ErrorDocument>();
  expect(document, result.transcript).toMatchObject({
    status: 'error',
    error: { code, message: expect.any(String) },
  });
  expect(Object.keys(document).sort()).toEqual(['error', 'status', 'warnings']);
  return document;
}

/** No Node stack frame anywhere in the output. */
export function expectNoStackTrace(result: RunResult): void {
  expect(`${result.stdout}\n${result.stderr}`, result.transcript).not.toMatch(/^\s{4}at /m);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The server's REST API, as the portal uses it. The token lives in this browser's localStorage
 * and goes in the Authorization header — never in a URL, so it is in no server log. Run logs are
 * read as server-sent events over `fetch` (EventSource cannot send headers).
 */

const TOKEN_KEY = 'kusion.token';

export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}
export function storeToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const token = storedToken();
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  const document = (await response.json()) as T & {
    error?: { code: string; message: string; hint?: string };
  };
  if (!response.ok) {
    const error = document.error ?? { code: 'HTTP', message: `HTTP ${String(response.status)}` };
    throw new ApiError(response.status, error.code, error.message, error.hint);
  }
  return document;
}

export type RunKind = 'preview' | 'deploy' | 'destroy' | 'drift' | 'rollout';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Me {
  name: string;
  role: 'viewer' | 'deployer' | 'admin';
  workspaces: string[];
}

export interface DriftStatus {
  status: 'in-sync' | 'drifted' | 'unknown';
  checkedAt?: string;
}

export interface Deployment {
  project: string;
  stack: string;
  revision: number;
  operation: string;
  phase: string;
  createdAt: string;
  modifiedAt: string;
  user: string;
  resourceCount: number;
  drift: DriftStatus;
}

export interface WorkspaceSummary {
  name: string;
  isCurrent: boolean;
  deployments: Deployment[];
}

export interface Project {
  name: string;
  description?: string;
  stacks: { name: string; path: string }[];
}

export interface DiffEntry {
  path: string;
  kind: 'add' | 'remove' | 'change';
  before?: unknown;
  after?: unknown;
}

export interface PlannedChange {
  id: string;
  type: string;
  action: string;
  reason: string;
  diff: DiffEntry[];
}

export interface RunSource {
  kind: 'git';
  name: string;
  url: string;
  ref: string;
  commit: string;
}

export interface RunRecord {
  id: string;
  kind: RunKind;
  project: string;
  stack: string;
  workspace: string;
  status: RunStatus;
  startedBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The worker that executed it (`host:pid`). */
  worker?: string;
  /** For a project of a git source: the commit the run works on. */
  source?: RunSource;
  result?: {
    revision?: number;
    summary?: Record<string, number>;
    changes?: PlannedChange[];
    plan?: { changes: PlannedChange[]; summary: Record<string, number> };
    resources?: {
      id: string;
      action: string;
      status: string;
      durationMs: number;
      error?: string;
    }[];
    drifted?: { id: string }[];
  };
  error?: { code: string; message: string; hint?: string };
}

export interface RunEvent {
  seq: number;
  time: string;
  level: string;
  code: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface Release {
  revision: number;
  operation: string;
  phase: string;
  createdAt: string;
  modifiedAt: string;
  user: string;
  host: string;
  error?: string;
  state: { resources: { id: string; type: string }[] };
  timings?: {
    totalMs: number;
    phases: Record<string, number>;
    slowest?: { id: string; action: string; durationMs: number }[];
  };
}

export interface ReleaseDiff {
  resources: { id: string; type: string; change: string; diff: DiffEntry[] }[];
}

export interface Graph {
  nodes: { id: string; type: string; status: string }[];
  edges: { from: string; to: string }[];
}

export function stackPath(workspace: string, project: string, stack: string): string {
  return `/api/workspaces/${encodeURIComponent(workspace)}/projects/${encodeURIComponent(project)}/stacks/${encodeURIComponent(stack)}`;
}

/**
 * Follows a run's log: calls `onEvent` per line and `onEnd` with the final record. Answers a
 * function that stops reading.
 */
export function followRun(
  id: string,
  onEvent: (event: RunEvent) => void,
  onEnd: (run: RunRecord) => void,
): () => void {
  const controller = new AbortController();
  const token = storedToken();
  const read = async (): Promise<void> => {
    const response = await fetch(`/api/runs/${id}/events`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: controller.signal,
    });
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const lines = block.split('\n');
        const kind = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (data === undefined) continue;
        if (kind === 'end') onEnd(JSON.parse(data) as RunRecord);
        else onEvent(JSON.parse(data) as RunEvent);
      }
    }
  };
  read().catch(() => undefined);
  return () => {
    controller.abort();
  };
}

/**
 * Runs: start one (answered at once, 202; it executes in the background), list, show, cancel,
 * and follow its log as server-sent events — `event: log` per engine message, with the message's
 * sequence number as the event id (a client resumes with `Last-Event-ID`), then `event: end` with
 * the final record.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { principalOf, requireRunner } from '../http/authenticate.js';
import { httpError } from '../http/http-errors.js';
import { errorResponses, NAME_PATTERN, objectAnswer } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';
import { isFinished, RUN_KINDS } from '../runs/run-record.js';
import type { RunKind, RunRecord } from '../runs/run-record.js';

const runBody = {
  type: 'object',
  required: ['kind', 'project', 'stack', 'workspace'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: [...RUN_KINDS] },
    project: { type: 'string', minLength: 1, maxLength: 200 },
    stack: { type: 'string', minLength: 1, maxLength: 200 },
    workspace: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      description: 'A workspace; for a rollout, its waves: `dev,[eu,us],prod`',
    },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const HEARTBEAT_MS = 15_000;

export function runRoutes(app: FastifyInstance, context: ServerContext): void {
  const { runs } = context;
  const find = async (id: string): Promise<RunRecord> => {
    const run = await runs.get(id);
    if (!run) throw httpError('NOT_FOUND', `run ${id} does not exist`, 'GET /api/runs lists them');
    return run;
  };

  app.post(
    '/api/runs',
    {
      schema: {
        summary:
          'Start a preview, deploy, destroy, drift or rollout (deployers, in their workspaces)',
        tags: ['runs'],
        body: runBody,
        response: { 202: { $ref: 'Run#' }, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const body = request.body as {
        kind: RunKind;
        project: string;
        stack: string;
        workspace: string;
      };
      const workspaces = workspacesOf(body);
      const principal = principalOf(request);
      for (const workspace of workspaces) requireRunner(request, workspace);
      // 404 before anything is queued; a git source's stack names the commit the run records.
      const stack = await context.catalog.stack(body.project, body.stack);
      for (const workspace of workspaces) {
        if (!(await context.backend.workspaces.get(workspace))) {
          throw httpError(
            'WORKSPACE_NOT_FOUND',
            `workspace "${workspace}" does not exist`,
            'GET /api/workspaces lists them',
          );
        }
      }
      const active = (await runs.list({ limit: context.maxQueuedRuns + 1 })).filter(
        (run) => !isFinished(run.status),
      );
      if (active.length >= context.maxQueuedRuns) {
        throw httpError(
          'TOO_MANY_RUNS',
          `${String(active.length)} runs are queued or running, the most this server accepts`,
          'wait for some to finish, or start the server with a larger --max-runs',
        );
      }
      const run: RunRecord = {
        id: randomUUID(),
        ...body,
        status: 'queued',
        startedBy: principal.name,
        createdAt: new Date().toISOString(),
        ...(stack.source ? { source: stack.source } : {}),
      };
      await runs.create(run);
      await context.dispatcher.submit(run);
      context.log({
        level: 'info',
        message: `run ${run.id} queued`,
        kind: run.kind,
        workspace: run.workspace,
        startedBy: run.startedBy,
        commit: run.source?.commit,
      });
      return reply.code(202).send(run);
    },
  );

  app.get(
    '/api/runs',
    {
      schema: {
        summary: 'Recent runs, newest first',
        tags: ['runs'],
        querystring: {
          type: 'object',
          properties: {
            workspace: { type: 'string', pattern: NAME_PATTERN },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { workspace, limit } = request.query as { workspace?: string; limit: number };
      return { runs: await runs.list({ workspace, limit }) };
    },
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        summary: 'One run: status, who started it, its result',
        tags: ['runs'],
        params: idParams,
        response: { 200: { $ref: 'Run#' }, ...errorResponses },
      },
    },
    async (request) => find((request.params as { id: string }).id),
  );

  app.post(
    '/api/runs/:id/cancel',
    {
      schema: {
        summary:
          'Stop a run: nothing new starts, operations in flight finish, the release is recorded failed',
        tags: ['runs'],
        params: idParams,
        response: { 202: { $ref: 'Run#' }, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const run = await find((request.params as { id: string }).id);
      requireRunner(request, workspacesOf(run)[0] ?? run.workspace);
      if (!(await context.dispatcher.cancel(run.id))) {
        throw httpError('RUN_FINISHED', `run ${run.id} already ended (${run.status})`);
      }
      context.log({
        level: 'info',
        message: `run ${run.id} cancelled`,
        by: principalOf(request).name,
      });
      return reply.code(202).send(await find(run.id));
    },
  );

  app.get(
    '/api/runs/:id/events',
    {
      schema: {
        summary: "The run's log as server-sent events (`log` events, then one `end`)",
        tags: ['runs'],
        params: idParams,
        headers: { type: 'object', properties: { 'last-event-id': { type: 'string' } } },
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const run = await find((request.params as { id: string }).id);
      let sent = Number(request.headers['last-event-id'] ?? 0) || 0;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write('retry: 1000\n\n');
      let isDone = false;
      let isBusy = false;
      // Set by a change during a drain (an object: TypeScript would narrow a plain `let` here).
      const changes = { isPending: false };
      const finish = (): void => {
        if (isDone) return;
        isDone = true;
        stopWatching();
        clearInterval(heartbeat);
        out.end();
      };
      // One drain at a time; a change during a drain triggers one more.
      const drain = async (): Promise<void> => {
        if (isBusy) {
          changes.isPending = true;
          return;
        }
        isBusy = true;
        try {
          do {
            changes.isPending = false;
            const current = await runs.get(run.id);
            for (const event of await runs.events(run.id, sent)) {
              out.write(`id: ${String(event.seq)}\nevent: log\ndata: ${JSON.stringify(event)}\n\n`);
              sent = event.seq;
            }
            if (current && isFinished(current.status)) {
              const rest = await runs.events(run.id, sent);
              for (const event of rest) {
                out.write(
                  `id: ${String(event.seq)}\nevent: log\ndata: ${JSON.stringify(event)}\n\n`,
                );
                sent = event.seq;
              }
              out.write(`event: end\ndata: ${JSON.stringify(current)}\n\n`);
              finish();
              return;
            }
          } while (isPendingAgain(changes));
        } catch (error) {
          context.log({
            level: 'error',
            message: `log stream of run ${run.id} failed: ${error instanceof Error ? error.message : String(error)}`,
          });
          finish();
        } finally {
          isBusy = false;
        }
      };
      const onChange = (): void => {
        drain().catch(() => undefined);
      };
      const stopWatching = runs.watch(run.id, onChange);
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
      request.raw.on('close', finish);
      onChange();
    },
  );
}

/** The workspaces a run touches: one, or a rollout's waves. */
function workspacesOf(run: { kind: RunKind; workspace: string }): string[] {
  if (run.kind !== 'rollout') return [run.workspace];
  return run.workspace
    .split(/[,[\]\s]+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Read through a call: the flag changes in another callback while a drain awaits. */
function isPendingAgain(changes: { readonly isPending: boolean }): boolean {
  return changes.isPending;
}

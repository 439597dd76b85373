/**
 * Workspaces: list (with what each runs), show, and — for admins — create, update and delete.
 * Create and update go through the engine's own checks (`createWorkspace`/`updateWorkspace` read
 * the document as the CLI reads a workspace file), so the API accepts exactly what the CLI does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, deleteWorkspace, updateWorkspace } from '@kusion/core';
import type { Workspace } from '@kusion/sdk';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { requireAdmin } from '../http/authenticate.js';
import { httpError } from '../http/http-errors.js';
import { errorResponses, NAME_PATTERN, objectAnswer, workspaceParam } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';
import { latestDrift } from './drift-status.js';

const workspaceBody = {
  type: 'object',
  required: ['name', 'content'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: NAME_PATTERN },
    content: {
      type: 'object',
      description: 'The workspace file as JSON: providers, modules, secretStore, context',
    },
  },
} as const;

const updateBody = {
  type: 'object',
  required: ['content'],
  additionalProperties: false,
  properties: { content: workspaceBody.properties.content },
} as const;

export function workspaceRoutes(app: FastifyInstance, context: ServerContext): void {
  const { backend } = context;
  const engine = {
    io: {
      notify: () => undefined,
      requestResponse: <T>(q: { defaultResponse: T }) => Promise.resolve(q.defaultResponse),
    },
    backend,
    kusionHome: context.engine.kusionHome,
    plugins: context.engine.plugins,
  };

  app.get(
    '/api/workspaces',
    {
      schema: {
        summary: 'Every workspace, and per stack what it runs: revision, phase, when, who, drift',
        tags: ['workspaces'],
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async () => {
      const [names, current, projects] = await Promise.all([
        backend.workspaces.list(),
        backend.workspaces.getCurrent(),
        context.catalog.list(),
      ]);
      const workspaces = await Promise.all(
        names.map(async (name) => {
          const deployments = (
            await Promise.all(
              projects.flatMap((project) =>
                project.stacks.map(async (stack) => {
                  const scope = { project: project.name, stack: stack.name, workspace: name };
                  const releases = await backend.releases.list(scope);
                  const latest = releases.at(-1);
                  if (!latest) return undefined;
                  return {
                    project: project.name,
                    stack: stack.name,
                    revision: latest.revision,
                    operation: latest.operation,
                    phase: latest.phase,
                    createdAt: latest.createdAt,
                    modifiedAt: latest.modifiedAt,
                    user: latest.user,
                    resourceCount: latest.resourceCount,
                    drift: await latestDrift(context.runs, scope),
                  };
                }),
              ),
            )
          ).filter((deployment) => deployment !== undefined);
          return { name, isCurrent: name === current, deployments };
        }),
      );
      return { workspaces };
    },
  );

  app.get(
    '/api/workspaces/:workspace',
    {
      schema: {
        summary:
          'One workspace: providers, modules, secret store, context (references, never values)',
        tags: ['workspaces'],
        params: workspaceParam,
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { workspace: name } = request.params as { workspace: string };
      const workspace = await backend.workspaces.get(name);
      if (!workspace) throw notFound(name);
      return { workspace };
    },
  );

  app.post(
    '/api/workspaces',
    {
      schema: {
        summary: 'Create a workspace (admins)',
        tags: ['workspaces'],
        body: workspaceBody,
        response: { 201: objectAnswer, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { name, content } = request.body as { name: string; content: object };
      const created = await withWorkspaceFile(name, content, (file) =>
        createWorkspace({ ...engine, name, file }),
      );
      return reply.code(201).send({ workspace: created.workspace });
    },
  );

  app.put(
    '/api/workspaces/:workspace',
    {
      schema: {
        summary: 'Replace a workspace (admins)',
        tags: ['workspaces'],
        params: workspaceParam,
        body: updateBody,
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async (request) => {
      requireAdmin(request);
      const { workspace: name } = request.params as { workspace: string };
      const { content } = request.body as { content: object };
      const { workspace }: { workspace: Workspace } = await withWorkspaceFile(
        name,
        content,
        (file) => updateWorkspace({ ...engine, name, file }),
      );
      return { workspace };
    },
  );

  app.delete(
    '/api/workspaces/:workspace',
    {
      schema: {
        summary: 'Delete a workspace (admins); its releases stay',
        tags: ['workspaces'],
        params: workspaceParam,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { workspace: name } = request.params as { workspace: string };
      await deleteWorkspace({ ...engine, name });
      return reply.code(204).send();
    },
  );
}

/** The document as a workspace file in a private temporary folder, for the engine's reader. */
async function withWorkspaceFile<T>(
  name: string,
  content: object,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-serve-'));
  const file = join(dir, `${name}.yaml`);
  try {
    await writeFile(file, stringify(content), { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function notFound(name: string): Error {
  return httpError(
    'WORKSPACE_NOT_FOUND',
    `workspace "${name}" does not exist`,
    'GET /api/workspaces lists them',
  );
}

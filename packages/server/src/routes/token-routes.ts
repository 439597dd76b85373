/** Tokens, for admins: list (never the tokens themselves), create (shown once), revoke. */
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../auth/roles.js';
import type { Role } from '../auth/roles.js';
import { requireAdmin } from '../http/authenticate.js';
import { httpError } from '../http/http-errors.js';
import { errorResponses, NAME_PATTERN, objectAnswer } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';

export function tokenRoutes(app: FastifyInstance, context: ServerContext): void {
  const { tokens } = context;
  app.get(
    '/api/tokens',
    {
      schema: {
        summary: 'Tokens (admins); never the token values',
        tags: ['tokens'],
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { tokens: await tokens.list() };
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        summary: 'Create a token (admins); the answer is the only time it is shown',
        tags: ['tokens'],
        body: {
          type: 'object',
          required: ['role'],
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: [...ROLES] },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            workspaces: { type: 'array', items: { type: 'string', pattern: NAME_PATTERN } },
          },
        },
        response: { 201: objectAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const body = request.body as { role: Role; name?: string; workspaces?: string[] };
      const created = await tokens.create(body);
      context.log({
        level: 'info',
        message: `token ${created.summary.id} created`,
        role: body.role,
        by: admin.name,
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        summary: 'Revoke a token (admins)',
        tags: ['tokens'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: { 204: { type: 'null', description: 'Revoked' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const { id } = request.params as { id: string };
      if (!(await tokens.revoke(id)))
        throw httpError('NOT_FOUND', `token ${id} does not exist`, 'GET /api/tokens lists them');
      context.log({ level: 'info', message: `token ${id} revoked`, by: admin.name });
      return reply.code(204).send();
    },
  );
}

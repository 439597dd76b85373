/**
 * `GET /api/sources`: the git sources and the commit each serves, with the last fetch's error;
 * `POST /api/sources/{name}/refresh` (admins): fetch one now. A failed fetch answers its coded
 * error (502) and the source keeps serving its last good commit.
 */
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../http/authenticate.js';
import { errorResponses } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';

const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 63 } },
} as const;

export function sourceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/api/sources',
    {
      schema: {
        summary: 'Git sources: URL, ref, sub-path, the commit served, the last fetch error',
        tags: ['projects'],
        response: {
          200: {
            type: 'object',
            required: ['sources'],
            properties: { sources: { type: 'array', items: { $ref: 'GitSource#' } } },
          },
          ...errorResponses,
        },
      },
    },
    () => ({ sources: context.gitSources.list() }),
  );

  app.post(
    '/api/sources/:name/refresh',
    {
      schema: {
        summary:
          'Fetch a git source now (admins); on failure it keeps serving its last good commit',
        tags: ['projects'],
        params: nameParams,
        response: {
          200: { $ref: 'GitSource#' },
          ...errorResponses,
          502: { description: 'The fetch failed (SOURCE_FETCH_FAILED...)', $ref: 'Error#' },
        },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request);
      const { name } = request.params as { name: string };
      const status = await context.gitSources.refresh(name);
      context.log({
        level: status.error ? 'warn' : 'info',
        message: `git source "${name}" refreshed on request`,
        by: principal.name,
        commit: status.commit,
      });
      if (status.error) {
        const { code, message, hint } = status.error;
        return reply
          .code(502)
          .send({ status: 'error', error: { code, message, ...(hint ? { hint } : {}) } });
      }
      return status;
    },
  );
}

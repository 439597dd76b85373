/** `GET /api/health`, `/api/me`, `/api/projects`: who is asking, and what the server serves. */
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../http/authenticate.js';
import { errorResponses, objectAnswer } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';

export function catalogRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Whether the server answers (no token needed)',
        tags: ['server'],
        security: [],
        response: { 200: objectAnswer },
      },
    },
    () => ({ status: 'ok', backend: context.backend.name }),
  );

  app.get(
    '/api/me',
    {
      schema: {
        summary: "The caller's token: name, role, workspaces",
        tags: ['server'],
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    (request) => {
      const { name, role, workspaces, tokenId } = principalOf(request);
      return { tokenId, name, role, workspaces };
    },
  );

  app.get(
    '/api/projects',
    {
      schema: {
        summary:
          'Projects and their stacks, from the source folders and git sources (with the commit served)',
        tags: ['projects'],
        response: { 200: objectAnswer, ...errorResponses },
      },
    },
    async () => {
      const projects = await context.catalog.list();
      return {
        projects: projects.map((project) => ({
          ...project,
          stacks: project.stacks.map(({ name, path }) => ({ name, path })),
        })),
      };
    },
  );
}

/**
 * The fastify application: request limits, bearer authentication, CORS (off unless origins are
 * given), the OpenAPI document at /api/openapi.json, the API routes, and the portal's static files
 * with a fallback to its index.html for client-side routes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { catalogRoutes } from '../routes/catalog-routes.js';
import { releaseRoutes } from '../routes/release-routes.js';
import { runRoutes } from '../routes/run-routes.js';
import { sourceRoutes } from '../routes/source-routes.js';
import { tokenRoutes } from '../routes/token-routes.js';
import { workspaceRoutes } from '../routes/workspace-routes.js';
import { createAuthenticator } from './authenticate.js';
import { describeHttpError, httpError } from './http-errors.js';
import { sharedSchemas } from './schemas.js';
import type { ServerContext } from './server-context.js';

export interface AppOptions {
  readonly bodyLimit: number;
  readonly requestTimeoutMs: number;
  readonly tls?: { readonly cert: string; readonly key: string } | undefined;
  readonly corsOrigins: readonly string[];
  readonly portalDir: string | undefined;
  readonly version: string;
}

export async function createApp(
  context: ServerContext,
  options: AppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    requestTimeout: options.requestTimeoutMs,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }) as unknown as FastifyInstance;

  for (const schema of sharedSchemas) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kusion server',
        version: options.version,
        description:
          'Projects, workspaces, releases, runs and resources of the Kusion engine. Send `Authorization: Bearer <token>` (`kusion serve token create`).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    refResolver: {
      // Shared schemas keep their `$id` as their name in the document (`#/components/schemas/Run`).
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${String(i)}`,
    },
  });
  if (options.corsOrigins.length) {
    await app.register(cors, { origin: [...options.corsOrigins], credentials: false });
  }

  app.decorateRequest('principal', null);
  app.addHook('onRequest', createAuthenticator(context.tokens));
  app.addHook('onResponse', (request, reply, done) => {
    if (request.url.startsWith('/api/')) {
      context.log({
        level: reply.statusCode >= 500 ? 'error' : 'info',
        message: `${request.method} ${request.url.split('?')[0] ?? ''} ${String(reply.statusCode)}`,
        ms: Math.round(reply.elapsedTime),
        token: request.principal?.name,
      });
    }
    done();
  });
  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = describeHttpError(error);
    if (statusCode >= 500) {
      context.log({
        level: 'error',
        message: `${request.method} ${request.url.split('?')[0] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    return reply.code(statusCode).send(body);
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  catalogRoutes(app, context);
  sourceRoutes(app, context);
  workspaceRoutes(app, context);
  releaseRoutes(app, context);
  runRoutes(app, context);
  tokenRoutes(app, context);

  const { portalDir } = options;
  if (portalDir) {
    await app.register(fastifyStatic, { root: portalDir, prefix: '/', wildcard: false });
    const index = await readFile(join(portalDir, 'index.html'), 'utf8').catch(() => undefined);
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || index === undefined || request.method !== 'GET') {
        const { statusCode, body } = describeHttpError(notFound(request.method, request.url));
        return reply.code(statusCode).send(body);
      }
      return reply.type('text/html; charset=utf-8').send(index);
    });
  } else {
    app.setNotFoundHandler((request, reply) => {
      const { statusCode, body } = describeHttpError(notFound(request.method, request.url));
      return reply.code(statusCode).send(body);
    });
  }
  return app;
}

function notFound(method: string, url: string): Error {
  return httpError(
    'NOT_FOUND',
    `no route ${method} ${url.split('?')[0] ?? ''}`,
    'the OpenAPI document at /api/openapi.json lists every route',
  );
}

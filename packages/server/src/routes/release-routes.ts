/**
 * Releases of a stack in a workspace (list, show, diff between two revisions), its resources as
 * last recorded, their graph, and its drift status. Everything read from the backend the CLI
 * writes; sensitive values masked.
 */
import { specGraph } from '@kusion/core';
import { createFieldMatcher, declaredSensitivePaths, diffObjects, maskDiff } from '@kusion/sdk';
import type { Backend, Release, ReleaseScope } from '@kusion/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpError } from '../http/http-errors.js';
import { maskRelease, maskStateResource } from '../http/masking.js';
import { errorResponses, objectAnswer, stackParams } from '../http/schemas.js';
import type { ServerContext } from '../http/server-context.js';
import { latestDrift } from './drift-status.js';

const BASE = '/api/workspaces/:workspace/projects/:project/stacks/:stack';

const revisionParams = {
  ...stackParams,
  required: [...stackParams.required, 'revision'],
  properties: { ...stackParams.properties, revision: { type: 'integer', minimum: 1 } },
} as const;

const diffParams = {
  ...stackParams,
  required: [...stackParams.required, 'from', 'to'],
  properties: {
    ...stackParams.properties,
    from: { type: 'integer', minimum: 0, description: '0: before the first release (nothing)' },
    to: { type: 'integer', minimum: 1 },
  },
} as const;

function scopeOf(request: FastifyRequest): ReleaseScope {
  const { workspace, project, stack } = request.params as ReleaseScope;
  return { workspace, project, stack };
}

async function releaseAt(
  backend: Backend,
  scope: ReleaseScope,
  revision?: number,
): Promise<Release> {
  const release =
    revision === undefined
      ? await backend.releases.latest(scope)
      : await backend.releases.get(scope, revision);
  if (!release) {
    throw httpError(
      'RELEASE_NOT_FOUND',
      revision === undefined
        ? `no release yet for ${scope.project}/${scope.stack} in workspace "${scope.workspace}"`
        : `revision ${String(revision)} does not exist for ${scope.project}/${scope.stack} in workspace "${scope.workspace}"`,
      'GET …/releases lists the revisions; a deploy records the first',
    );
  }
  return release;
}

export function releaseRoutes(app: FastifyInstance, context: ServerContext): void {
  const { backend } = context;
  const schema = (summary: string, params: object = stackParams) => ({
    summary,
    tags: ['releases'],
    params,
    response: { 200: objectAnswer, ...errorResponses },
  });

  app.get(
    `${BASE}/releases`,
    { schema: schema('Releases of the stack in the workspace, oldest first') },
    async (request) => {
      const releases = await backend.releases.list(scopeOf(request));
      return { releases };
    },
  );

  app.get(
    `${BASE}/releases/:revision`,
    { schema: schema('One release: spec, resulting state, phase, timings, who', revisionParams) },
    async (request) => {
      const { revision } = request.params as { revision: number };
      return { release: maskRelease(await releaseAt(backend, scopeOf(request), revision)) };
    },
  );

  app.get(
    `${BASE}/releases/:from/diff/:to`,
    {
      schema: schema(
        'What changed per resource between two revisions (recorded state)',
        diffParams,
      ),
    },
    async (request) => {
      const scope = scopeOf(request);
      const { from, to } = request.params as { from: number; to: number };
      const [before, after] = await Promise.all([
        from === 0 ? { state: { resources: [] } } : releaseAt(backend, scope, from),
        releaseAt(backend, scope, to),
      ]);
      const old = new Map(before.state.resources.map((r) => [r.id, r]));
      const ids = new Set([...old.keys(), ...after.state.resources.map((r) => r.id)]);
      const current = new Map(after.state.resources.map((r) => [r.id, r]));
      const resources = [...ids].flatMap((id) => {
        const a = old.get(id);
        const b = current.get(id);
        const sensitive = createFieldMatcher([
          ...(a ? [...declaredSensitivePaths(a), ...(a.sensitivePaths ?? [])] : []),
          ...(b ? [...declaredSensitivePaths(b), ...(b.sensitivePaths ?? [])] : []),
        ]);
        const diff = maskDiff(
          diffObjects(a?.attributes ?? {}, b?.attributes ?? {}, { sensitive }),
          sensitive,
        );
        const change = !a ? 'added' : !b ? 'removed' : diff.length ? 'changed' : 'unchanged';
        if (change === 'unchanged') return [];
        return [{ id, type: (b ?? a)?.type ?? '', change, diff }];
      });
      return { from, to, resources };
    },
  );

  app.get(
    `${BASE}/resources`,
    { schema: schema('The resources as the latest release recorded them') },
    async (request) => {
      const release = await releaseAt(backend, scopeOf(request));
      return {
        revision: release.revision,
        resources: release.state.resources.map(maskStateResource),
      };
    },
  );

  app.get(
    `${BASE}/graph`,
    {
      schema: {
        ...schema(
          "The dependency graph of a release (default: the latest), with each resource's status",
        ),
        querystring: {
          type: 'object',
          properties: { revision: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request) => {
      const { revision } = request.query as { revision?: number };
      const release = await releaseAt(backend, scopeOf(request), revision);
      const graph = specGraph(release.spec);
      const recorded = new Map(release.state.resources.map((r) => [r.id, r]));
      return {
        revision: release.revision,
        nodes: graph.nodes.map((node) => {
          const state = recorded.get(node.id);
          return { ...node, status: state ? (state.pending ? 'pending' : 'applied') : 'absent' };
        }),
        edges: graph.edges,
      };
    },
  );

  app.get(
    `${BASE}/drift`,
    { schema: schema('Drift status: what the latest drift run of this stack found') },
    async (request) => latestDrift(context.runs, scopeOf(request)),
  );
}

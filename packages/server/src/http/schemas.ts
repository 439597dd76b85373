/**
 * JSON Schemas of requests (validated by fastify's ajv) and of the main answers, which
 * @fastify/swagger turns into the OpenAPI document. Answers are described, not filtered: their
 * object schemas allow more properties, so the document never hides a field the server sends.
 */

const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$';

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['status', 'error'],
  properties: {
    status: { type: 'string', enum: ['error'] },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
      },
    },
  },
} as const;

export const runSchema = {
  $id: 'Run',
  type: 'object',
  additionalProperties: true,
  required: ['id', 'kind', 'project', 'stack', 'workspace', 'status', 'startedBy', 'createdAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['preview', 'deploy', 'destroy', 'drift', 'rollout'] },
    project: { type: 'string' },
    stack: { type: 'string' },
    workspace: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
    startedBy: { type: 'string' },
    createdAt: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    worker: { type: 'string' },
    source: {
      type: 'object',
      description: 'For a project of a git source: the commit the run works on',
      required: ['kind', 'name', 'url', 'ref', 'commit'],
      properties: {
        kind: { type: 'string', enum: ['git'] },
        name: { type: 'string' },
        url: { type: 'string' },
        ref: { type: 'string' },
        commit: { type: 'string' },
      },
    },
    result: {},
    error: { type: 'object', additionalProperties: true },
  },
} as const;

export const releaseSummarySchema = {
  $id: 'ReleaseSummary',
  type: 'object',
  additionalProperties: true,
  required: ['revision', 'operation', 'phase', 'createdAt', 'user'],
  properties: {
    project: { type: 'string' },
    stack: { type: 'string' },
    workspace: { type: 'string' },
    revision: { type: 'integer' },
    operation: { type: 'string' },
    phase: { type: 'string' },
    createdAt: { type: 'string' },
    modifiedAt: { type: 'string' },
    user: { type: 'string' },
    host: { type: 'string' },
    resourceCount: { type: 'integer' },
  },
} as const;

export const gitSourceSchema = {
  $id: 'GitSource',
  type: 'object',
  additionalProperties: true,
  required: ['kind', 'name', 'url', 'ref', 'path'],
  properties: {
    kind: { type: 'string', enum: ['git'] },
    name: { type: 'string' },
    url: { type: 'string', description: 'Never carries credentials (refused at start)' },
    ref: { type: 'string', description: 'A branch, a tag, a commit id, or HEAD' },
    path: { type: 'string', description: 'The folder of the repository holding the projects' },
    commit: { type: 'string', description: 'The commit served: the last good fetch' },
    fetchedAt: { type: 'string' },
    error: {
      type: 'object',
      description: 'The last fetch failure, until a fetch succeeds',
      required: ['code', 'message', 'at'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
        at: { type: 'string' },
      },
    },
  },
} as const;

export const sharedSchemas = [errorSchema, runSchema, releaseSummarySchema, gitSourceSchema];

/** The answers every authenticated route may give besides its own. */
export const errorResponses = {
  400: { description: 'Invalid request', $ref: 'Error#' },
  401: { description: 'No token, or an unknown one', $ref: 'Error#' },
  403: { description: "The token's role does not allow it", $ref: 'Error#' },
  404: { description: 'Not found', $ref: 'Error#' },
} as const;

export const workspaceParam = {
  type: 'object',
  required: ['workspace'],
  properties: { workspace: { type: 'string', pattern: NAME_PATTERN } },
} as const;

export const stackParams = {
  type: 'object',
  required: ['workspace', 'project', 'stack'],
  properties: {
    workspace: { type: 'string', pattern: NAME_PATTERN },
    project: { type: 'string', minLength: 1, maxLength: 200 },
    stack: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const objectAnswer = { type: 'object', additionalProperties: true } as const;

export { NAME_PATTERN };

/**
 * Bearer authentication and the role checks routes call. Only the health check, the OpenAPI
 * document and the portal's static files are public.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canRunIn, isAdmin } from '../auth/roles.js';
import type { Principal } from '../auth/roles.js';
import type { TokenStore } from '../auth/token-store.js';
import { httpError } from './http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const PUBLIC_PATHS = new Set(['/api/health', '/api/openapi.json']);

export function createAuthenticator(tokens: TokenStore) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC_PATHS.has(path)) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw httpError(
        'UNAUTHORIZED',
        header === undefined
          ? 'this request carries no token'
          : 'the Authorization header is not "Bearer <token>"',
        'create a token with `kusion serve token create --role viewer` and send `Authorization: Bearer <token>`',
      );
    }
    const principal = await tokens.verify(match[1]);
    if (!principal) {
      throw httpError(
        'UNAUTHORIZED',
        'this token is unknown or was revoked',
        'ask an admin for a token (`kusion serve token create`)',
      );
    }
    request.principal = principal;
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw httpError('UNAUTHORIZED', 'this request carries no token');
  return request.principal;
}

export function requireRunner(request: FastifyRequest, workspace: string): Principal {
  const principal = principalOf(request);
  if (!canRunIn(principal, workspace)) {
    throw httpError(
      'FORBIDDEN',
      principal.role === 'viewer'
        ? `token "${principal.name}" is a viewer: it reads, it does not start runs`
        : `token "${principal.name}" may run in ${principal.workspaces.join(', ')}, not in "${workspace}"`,
      'ask an admin for a deployer token for this workspace (`kusion serve token create --role deployer --workspace ...`)',
    );
  }
  return principal;
}

export function requireAdmin(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (!isAdmin(principal)) {
    throw httpError(
      'FORBIDDEN',
      `token "${principal.name}" is a ${principal.role}: only admins manage workspaces and tokens`,
      'ask an admin, or use an admin token (`kusion serve token create --role admin`)',
    );
  }
  return principal;
}

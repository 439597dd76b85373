/**
 * Access tokens the emulator's Entra endpoint issues and its ARM endpoints accept: JWTs signed
 * with a key made at start (HS256), carrying the audience, tenant and client as Entra's do.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';

/** Audiences ARM accepts: tokens for `https://management.azure.com/.default` carry the first. */
export const ARM_AUDIENCES: readonly string[] = [
  'https://management.azure.com/',
  'https://management.azure.com',
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
];

export const TOKEN_LIFETIME_SECONDS = 3599;

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface TokenClaims {
  readonly audience: string;
  readonly tenantId: string;
  readonly clientId: string;
}

export type TokenCheck =
  | { readonly isValid: true; readonly claims: TokenClaims }
  | { readonly isValid: false; readonly isExpired: boolean };

export interface TokenService {
  issue(claims: TokenClaims): Promise<IssuedToken>;
  check(token: string): Promise<TokenCheck>;
}

export function createTokenService(): TokenService {
  const key = randomBytes(32);
  const objectIds = new Map<string, string>();
  return {
    async issue({ audience, tenantId, clientId }) {
      let objectId = objectIds.get(clientId);
      if (objectId === undefined) {
        objectId = randomUUID();
        objectIds.set(clientId, objectId);
      }
      const accessToken = await new SignJWT({
        appid: clientId,
        tid: tenantId,
        oid: objectId,
        idtyp: 'app',
        ver: '1.0',
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setAudience(audience)
        .setIssuer(`https://sts.windows.net/${tenantId}/`)
        .setSubject(objectId)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
        .sign(key);
      return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
    },
    async check(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'] }));
      } catch (error) {
        const isExpired =
          error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
        return { isValid: false, isExpired };
      }
      return {
        isValid: true,
        claims: {
          audience: typeof payload.aud === 'string' ? payload.aud : '',
          tenantId: typeof payload['tid'] === 'string' ? payload['tid'] : '',
          clientId: typeof payload['appid'] === 'string' ? payload['appid'] : '',
        },
      };
    },
  };
}

/**
 * Bearer tokens, stored hashed in `$KUSION_HOME/server/tokens.json` (mode 0600): the token itself
 * is shown once, when created. Tokens are 32 random bytes, so a SHA-256 of them is as good as a
 * slow password hash and lets every request be checked in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { isRole } from './roles.js';
import type { Principal, Role } from './roles.js';

const TOKEN_PREFIX = 'kusion_';

export interface StoredToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly workspaces: readonly string[];
  readonly createdAt: string;
  /** SHA-256 of the token, hex. */
  readonly hash: string;
}

/** What lists show: everything but the hash. */
export type TokenSummary = Omit<StoredToken, 'hash'>;

export interface CreateTokenRequest {
  readonly role: Role;
  readonly name?: string | undefined;
  readonly workspaces?: readonly string[] | undefined;
}

export interface TokenStore {
  readonly file: string;
  /** Answers the token (shown once) and what is stored about it. */
  create(request: CreateTokenRequest): Promise<{ token: string; summary: TokenSummary }>;
  list(): Promise<TokenSummary[]>;
  /** Whether a token with that id existed. */
  revoke(id: string): Promise<boolean>;
  /** The principal of a bearer token; undefined when it is unknown or revoked. */
  verify(token: string): Promise<Principal | undefined>;
}

export function tokenFile(kusionHome: string): string {
  return join(kusionHome, 'server', 'tokens.json');
}

export function createTokenStore(kusionHome: string): TokenStore {
  const file = tokenFile(kusionHome);
  const read = async (): Promise<StoredToken[]> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) {
      throw new KusionError('CONFIG_INVALID', `${file}: expected a list of tokens`, {
        hint: 'remove the file and create tokens again with `kusion serve token create`',
      });
    }
    return parsed as StoredToken[];
  };
  const write = async (tokens: readonly StoredToken[]): Promise<void> => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${String(process.pid)}.tmp`;
    await writeFile(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, file);
  };
  return {
    file,
    async create(request) {
      if (!isRole(request.role)) {
        throw new KusionError('INVALID_ARGUMENT', `unknown role "${String(request.role)}"`, {
          hint: 'use viewer, deployer or admin',
        });
      }
      const secret = randomBytes(32).toString('base64url');
      const token = `${TOKEN_PREFIX}${secret}`;
      const id = randomBytes(6).toString('hex');
      const stored: StoredToken = {
        id,
        name: request.name ?? `${request.role}-${id}`,
        role: request.role,
        workspaces: [...(request.workspaces ?? [])],
        createdAt: new Date().toISOString(),
        hash: hashToken(token),
      };
      await write([...(await read()), stored]);
      return { token, summary: summarize(stored) };
    },
    async list() {
      return (await read()).map(summarize);
    },
    async revoke(id) {
      const tokens = await read();
      const kept = tokens.filter((token) => token.id !== id);
      if (kept.length === tokens.length) return false;
      await write(kept);
      return true;
    },
    async verify(token) {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const hash = Buffer.from(hashToken(token), 'hex');
      for (const stored of await read()) {
        const candidate = Buffer.from(stored.hash, 'hex');
        if (candidate.length === hash.length && timingSafeEqual(candidate, hash)) {
          return {
            tokenId: stored.id,
            name: stored.name,
            role: stored.role,
            workspaces: stored.workspaces,
          };
        }
      }
      return undefined;
    },
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function summarize({ hash: _hash, ...summary }: StoredToken): TokenSummary {
  return summary;
}

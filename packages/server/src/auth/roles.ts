/**
 * Who may do what. Viewers read everything; deployers also start and cancel runs, in their
 * workspaces only when the token names some; admins also manage workspaces and tokens.
 */
export const ROLES = ['viewer', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The caller behind a request, as a verified token says. */
export interface Principal {
  readonly tokenId: string;
  /** The token's name: recorded as who started a run. */
  readonly name: string;
  readonly role: Role;
  /** Empty: every workspace. */
  readonly workspaces: readonly string[];
}

export function canRunIn(principal: Principal, workspace: string): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'deployer') return false;
  return principal.workspaces.length === 0 || principal.workspaces.includes(workspace);
}

export function isAdmin(principal: Principal): boolean {
  return principal.role === 'admin';
}

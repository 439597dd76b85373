/** page_size / page_token / next_page_token for the List and Search methods. */
import { invalidArgument } from './rpc-error.ts';
import type { Paged } from './wire-types.ts';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 300;

export interface Page<T> {
  readonly items: readonly T[];
  /** `{ next_page_token }` when more items follow, to spread into the response. */
  readonly next: { readonly next_page_token?: string };
}

export function paginate<T>(items: readonly T[], request: Paged): Page<T> {
  const size = request.page_size ?? 0;
  if (size < 0) {
    throw invalidArgument('page_size must not be negative.', [
      { field: 'page_size', description: 'negative' },
    ]);
  }
  const limit = Math.min(size || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = request.page_token ? decodeToken(request.page_token) : 0;
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    next: end < items.length ? { next_page_token: encodeToken(end) } : {},
  };
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^offset:([0-9]+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) {
    throw invalidArgument('Invalid page_token.', [
      { field: 'page_token', description: 'not a token this method returned' },
    ]);
  }
  return Number(match[1]);
}
